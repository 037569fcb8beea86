"""The ``plausibility`` task: paired runs, effect curves against the evaluation evidence, summary, HTML report.

One call for the command line and notebooks: the evidence file is read (and checked) before
anything runs, the scenarios are checked to be pairable with the baseline, then the baseline
runs once per replication and each scenario against it, and the report is written atomically.

Example:
    >>> from participation_model.scenario import load_scenario
    >>> base = load_scenario("scenarios/baseline.toml").with_overrides(scale=0.25)   # doctest: +SKIP
    >>> plan = load_scenario("scenarios/sectorplan-retraining.toml").with_overrides(scale=0.25)  # doctest: +SKIP
    >>> summary = plausibility_report(base, [plan], "calibration/evidence.toml",
    ...                               "outputs/plausibility.html", replications=2)   # doctest: +SKIP
    >>> summary[["intervention", "horizon", "model_mean", "low", "high", "plausible"]]   # doctest: +SKIP
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd

import participation_model
from participation_model.analysis.effects import (
    DEFAULT_HORIZON,
    Progress,
    effect_curves_all,
    horizon_summary,
)
from participation_model.analysis.evidence import Evidence, load_evidence
from participation_model.experiments.runner import model_config
from participation_model.reports.plausibility import write_plausibility_report
from participation_model.scenario import Scenario

__all__ = ["plausibility_report", "report_meta", "write_summary_table"]


def plausibility_report(
    baseline: Scenario,
    scenarios: Sequence[Scenario],
    evidence_path: str | Path,
    out_path: str | Path,
    replications: int | None = None,
    progress: Progress | None = None,
) -> pd.DataFrame:
    """Compare every programme's effect curve with the evidence; write the HTML and the summary as CSV; return it.

    ``replications`` defaults to the baseline's. Curves run far enough for the evidence's last
    band (at least :data:`~participation_model.analysis.effects.DEFAULT_HORIZON` months).
    ``progress`` receives the compare command's ``CompareProgress`` after every simulated month.
    The summary is also written next to the page, as ``out_path`` with the suffix ``.csv``.

    Returns:
        :func:`~participation_model.analysis.effects.horizon_summary`: one row per scenario,
        intervention and horizon band, with ``plausible`` per row.

    Raises:
        EvidenceError: the evidence file is missing or wrong (before anything runs).
        ValueError: a scenario cannot be paired with the baseline, or names repeat.
    """
    evidence = load_evidence(evidence_path)
    n = baseline.replications if replications is None else replications
    horizon = max(DEFAULT_HORIZON, evidence.last_month + 1)
    curves = effect_curves_all(baseline, scenarios, n, horizon, progress)
    summary = horizon_summary(curves, evidence)
    write_plausibility_report(out_path, curves, summary, evidence, report_meta(baseline, scenarios, evidence, n))
    write_summary_table(summary, Path(out_path).with_suffix(".csv"))
    return summary


def write_summary_table(summary: pd.DataFrame, path: Path) -> Path:
    """Write the band summary next to the page (``plausibility.csv``), through a temporary file.

    Why: the page is for reading; analysts who tabulate or compare runs want the numbers.
    """
    tmp = path.with_name(f".{path.name}.tmp")
    summary.to_csv(tmp, index=False)
    tmp.replace(path)
    return path


def report_meta(baseline: Scenario, scenarios: Sequence[Scenario], evidence: Evidence, replications: int) -> dict[str, str]:
    """The header facts of the report: what was compared, how, and with which evidence.

    Example:
        >>> from participation_model.scenario import scenario_from_dict
        >>> b = scenario_from_dict({"name": "b", "end": "2014-12", "scale": 0.02})
        >>> ev = Evidence(Path("e.toml"), "abc", (), ())
        >>> report_meta(b, [b], ev, 2)["Replications"]
        '2 (paired with the baseline)'
    """
    seeds = ", ".join(str(model_config(baseline, r).seed) for r in range(replications))
    return {
        "Baseline": baseline.name,
        "Scenarios": ", ".join(s.name for s in scenarios),
        "Period": f"{baseline.start} to {baseline.end}",
        "Scale": f"{baseline.scale:g} (simulated persons per resident)",
        "Replications": f"{replications} (paired with the baseline)",
        "Seeds": seeds,
        "Evidence": f"{evidence.path} (sha256 {evidence.sha256[:12]})",
        "Package version": participation_model.__version__,
        "Created": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
    }
