"""The parameter-uncertainty file for sensitivity analysis."""

from __future__ import annotations

from pathlib import Path

import pytest

from participation_model.analysis.uncertainty import UncertaintyError, load_uncertainty
from participation_model.params import load_parameters

FILE = Path(__file__).resolve().parent.parent / "calibration" / "parameter-uncertainty.toml"


def test_shipped_file_covers_sixteen_parameters_within_their_bounds():
    u = load_uncertainty(FILE)
    params = load_parameters()
    assert len(u.parameters) == 16
    for p in u.parameters:
        spec = params.spec(p.name)
        assert spec.min <= p.low < p.high <= spec.max
        assert p.low <= spec.value <= p.high  # the default lies inside the range
        assert p.reason
    assert u.salib_problem()["num_vars"] == 16


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('["no.such"]\nlow = 0\nhigh = 1\ndistribution = "uniform"\nunit = "-"\nreason = "x"\n', "not a parameter"),
        ('["matching.efficiency"]\nlow = 0.5\nhigh = 0.1\ndistribution = "uniform"\nunit = "-"\nreason = "x"\n', "low < high"),
        ('["matching.efficiency"]\nlow = 0.1\nhigh = 0.5\ndistribution = "normal"\nunit = "-"\nreason = "x"\n', "allowed: uniform"),
        ('["matching.efficiency"]\nlow = 0.1\n', "missing high"),
    ],
)
def test_bad_files_name_the_parameter_and_what_is_allowed(tmp_path, text, message):
    path = tmp_path / "u.toml"
    path.write_text(text)
    with pytest.raises(UncertaintyError, match=message):
        load_uncertainty(path)
