"""Every error is ours: broken data files, devices and pipes given as files, impossible output
folders and hostile text get exit 2 with the file and key named, never a traceback or a read
without end (issue: nothing lost, nothing overspent)."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from participation_model.cli import main
from participation_model.region import resolve_region_path

REGION = resolve_region_path("oost-groningen").read_text(encoding="utf-8")


def _scenario(folder: Path, **lines: str) -> Path:
    path = folder / "s.toml"
    body = "".join(f"{key} = {value}\n" for key, value in lines.items())
    path.write_text(f'name = "s"\nend = "2014-03"\nscale = 0.01\nreplications = 1\n{body}', encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("old", "new", "shown"),
    [
        ("value = 111000", 'value = "many"', "key 'population.total_15_75.value': got 'many'; allowed: a number"),
        ("reference_year = 2016", 'reference_year = "x"', "key 'region.reference_year': got 'x'; allowed: a year, a whole number"),
        ('sectors = ["zorg"', 'sectors = 5\nold_sectors = ["zorg"', "key 'region.sectors': got 5; allowed: a non-empty list of names"),
    ],
    ids=["text-for-a-number", "text-for-a-year", "number-for-a-list"],
)
def test_a_region_file_with_wrong_types_is_refused_by_key(tmp_path, capsys, old, new, shown):
    assert old in REGION
    (tmp_path / "r.toml").write_text(REGION.replace(old, new, 1), encoding="utf-8")
    assert main(["validate", str(_scenario(tmp_path, region='"r.toml"'))]) == 2
    err = capsys.readouterr().err
    assert shown in err and "Traceback" not in err


def test_a_copy_of_the_bundled_region_with_a_byte_order_mark_is_accepted(tmp_path):
    (tmp_path / "r.toml").write_bytes(b"\xef\xbb\xbf" + REGION.encode("utf-8"))
    assert main(["validate", str(_scenario(tmp_path, region='"r.toml"'))]) == 0


def test_tables_nested_too_deeply_are_refused(tmp_path, capsys):
    deep = "a = " + "[" * 3000 + "]" * 3000 + "\n"
    (tmp_path / "deep.toml").write_text(deep)
    path = tmp_path / "s.toml"
    path.write_text('name = "s"\n' + deep)
    assert main(["validate", str(path)]) == 2
    assert "nested too deeply" in capsys.readouterr().err
    assert main(["validate", str(_scenario(tmp_path, region='"deep.toml"'))]) == 2
    assert "deep.toml: tables or arrays nested too deeply" in capsys.readouterr().err


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs a POSIX system")
def test_devices_and_pipes_are_refused_without_reading(tmp_path, capsys):
    fifo = tmp_path / "pipe.toml"
    os.mkfifo(fifo)
    for path in ("/dev/zero", str(fifo)):
        assert main(["validate", path]) == 2  # returns at once: nothing is opened for reading
        assert "not a regular file" in capsys.readouterr().err
    assert main(["validate", str(_scenario(tmp_path, region=f'"{fifo}"'))]) == 2
    assert "not a regular file" in capsys.readouterr().err
    assert main(["validate", str(_scenario(tmp_path, parameters_file='"/dev/zero"'))]) == 2
    assert "not a regular file" in capsys.readouterr().err


def test_an_output_folder_that_cannot_be_made_is_refused_before_the_run(tmp_path, capsys):
    (tmp_path / "a-file").write_text("x")
    path = _scenario(tmp_path)
    assert main(["run", str(path), "--out", str(tmp_path / "a-file" / "run"), "--quiet"]) == 2
    assert "is a file, not a folder" in capsys.readouterr().err
    if Path("/proc").is_dir():
        assert main(["run", str(path), "--out", "/proc/no-results-here", "--quiet"]) == 2
        assert "cannot create a folder in /proc" in capsys.readouterr().err


def test_user_text_reaches_the_terminal_without_control_characters(tmp_path, capsys):
    path = tmp_path / "s.toml"
    path.write_text('name = "s"\nregion = "evil\\u001b]0;owned\\u0007.toml"\n', encoding="utf-8")
    assert main(["validate", str(path)]) == 2
    captured = capsys.readouterr()
    assert "evil" in captured.err
    assert not re.search("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]", captured.err + captured.out)
