"""Tests for the experiment engine: run specs, executors, batch folders, resume and sweeps.

Runs are tiny (scale 0.01-0.02, one to three simulated years) so the whole file stays within
a few tens of seconds, including one local process pool and one Dask LocalCluster.
"""

from __future__ import annotations

import os
import pickle
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pandas as pd
import pytest

from participation_model.cli import main
from participation_model.tasks.batch import (
    LOCK_FILE,
    BatchError,
    load_index,
    load_series,
    run_batch,
    summarise_batch,
)
from participation_model.experiments.executors import (
    DaskExecutor,
    InProcessExecutor,
    LocalExecutor,
    RunError,
    run_spec,
)
from participation_model.experiments.specs import (
    FrozenParameters,
    batch_from_scenario,
    batch_from_sweep,
)
from participation_model.scenario import ScenarioError, load_scenario, scenario_from_dict

from processes import SRC, kill_after_parts, start_python


def tiny(**extra: object):
    """A short, small scenario: 12 months at scale 0.01."""
    return scenario_from_dict(
        {"name": "tiny", "end": "2014-12", "scale": 0.01, "replications": 2, "seed": 5, **extra}
    )


def sweep_batch():
    return batch_from_sweep(
        tiny(), [{"matching.efficiency": 0.25}, {"matching.efficiency": 0.6}]
    )


# ---------------------------------------------------------------------------------------------
# Specs
# ---------------------------------------------------------------------------------------------


def test_spec_is_immutable_picklable_and_keyed_by_content():
    batch = sweep_batch()
    spec = batch[2]
    assert (spec.point, spec.replication) == (1, 0)
    copy = pickle.loads(pickle.dumps(spec))
    assert copy == spec and copy.key == spec.key
    with pytest.raises(AttributeError):
        spec.seed = 1  # type: ignore[misc]
    with pytest.raises(TypeError):
        spec.parameters["matching.efficiency"] = 1.0  # type: ignore[index]
    # replication r has the same seed at every point (common random numbers)
    assert batch[0].seed == batch[2].seed and batch[0].seed != batch[1].seed
    # keys differ by parameters and do not depend on the replication count or name
    assert len({s.key for s in batch}) == 4
    more = batch_from_sweep(
        tiny(replications=3, name="other"), [{"matching.efficiency": 0.25}]
    )
    assert more[0].key == batch[0].key
    assert FrozenParameters({"a": 1}) == {"a": 1.0}


# ---------------------------------------------------------------------------------------------
# Executors agree bit for bit
# ---------------------------------------------------------------------------------------------


def test_executors_give_identical_results(tmp_path):
    batch = sweep_batch()
    series = {}
    with InProcessExecutor() as executor:
        run_batch(batch, tmp_path / "inprocess", executor)
    series["inprocess"] = load_series(tmp_path / "inprocess")
    with LocalExecutor(workers=2) as executor:
        run_batch(batch, tmp_path / "local", executor)
    series["local"] = load_series(tmp_path / "local")
    with DaskExecutor(n_workers=2) as executor:
        assert executor.workers == 2
        run_batch(batch, tmp_path / "dask", executor)
    series["dask"] = load_series(tmp_path / "dask")

    reference = series["inprocess"]
    assert len(reference) == 4 * 12
    for name in ("local", "dask"):
        pd.testing.assert_frame_equal(series[name], reference, check_exact=True)
    # the two sweep points really differ, so equality above is not trivial
    by_point = reference.groupby("point")["employed_15_75"].sum()
    assert by_point[0] != by_point[1]


# ---------------------------------------------------------------------------------------------
# Failures are recorded, the batch goes on
# ---------------------------------------------------------------------------------------------


def test_failing_run_is_recorded_and_batch_finishes(tmp_path):
    # 99 is outside matching.efficiency's bounds (0 to 5): the run raises in the worker
    batch = batch_from_sweep(tiny(), [{"matching.efficiency": 0.3}, {"matching.efficiency": 99.0}])
    with InProcessExecutor() as executor:
        summary = run_batch(batch, tmp_path / "b", executor)
    assert (summary.total, summary.ok, summary.failed) == (4, 2, 2)
    index = load_index(tmp_path / "b")
    failed = index[index["status"] == "failed"]
    assert sorted(failed["point"]) == [1, 1]
    assert all("ParameterError" in e and "matching.efficiency" in e for e in failed["error"])
    assert len(list((tmp_path / "b" / "parts").glob("*.parquet"))) == 2
    assert "failed" in summary.text()


def test_run_error_from_injected_worker(tmp_path):
    batch = batch_from_scenario(tiny(replications=3))
    with InProcessExecutor() as executor:
        outcomes = dict(
            (spec.replication, outcome)
            for spec, outcome in executor.map_unordered(_fail_on_replication_one, batch)
        )
    assert isinstance(outcomes[1], RunError) and outcomes[1].message == "replication one fails"
    assert outcomes[0] == outcomes[2] == "ok"


def _fail_on_replication_one(spec):
    if spec.replication == 1:
        raise RuntimeError("replication one fails")
    return "ok"


def _die_on_replication_one(spec):
    """A worker function whose run for replication 1 kills its own worker process."""
    if spec.replication == 1:
        os.kill(os.getpid(), signal.SIGKILL)
    time.sleep(0.2)
    return f"ok {spec.replication}"


def test_a_dead_worker_costs_the_run_it_held_and_the_batch_goes_on():
    batch = batch_from_scenario(tiny(replications=6))
    with LocalExecutor(workers=2) as pool:
        outcomes = {spec.replication: outcome for spec, outcome in pool.map_unordered(_die_on_replication_one, batch)}
        assert sorted(outcomes) == list(range(6))  # every run is accounted for, none twice
        assert isinstance(outcomes[1], RunError) and outcomes[1].type == "WorkerDied"
        assert all(outcomes[r] == f"ok {r}" for r in (0, 2, 3, 4, 5))  # the others ran (again if they were in flight)
        again = dict((s.replication, o) for s, o in pool.map_unordered(_die_on_replication_one, batch_from_scenario(tiny(replications=1))))
        assert again == {0: "ok 0"}  # the pool was replaced and works


WATCHED_POOL = textwrap.dedent(
    """
    import time
    from participation_model.experiments.executors import LocalExecutor
    from participation_model.experiments.specs import batch_from_scenario
    from participation_model.scenario import scenario_from_dict

    def sleep(spec):
        time.sleep(300)

    if __name__ == "__main__":
        batch = batch_from_scenario(scenario_from_dict({"name": "w", "replications": 2, "scale": 0.01}))
        with LocalExecutor(workers=2) as pool:
            for _ in pool.map_unordered(sleep, batch):
                raise SystemExit("a run ended: the workers were meant to be busy")
    """
)


def test_pool_workers_exit_when_the_batch_process_is_killed(tmp_path):
    script = tmp_path / "pool.py"
    script.write_text(WATCHED_POOL)
    parent = start_python(str(script))
    deadline = time.monotonic() + 60
    workers: list[int] = []
    while time.monotonic() < deadline and len(workers) < 2:
        time.sleep(0.2)
        workers = _children_running_spawn(parent.pid)
    time.sleep(2)  # the workers import the package and take their runs
    assert parent.poll() is None and len(workers) >= 2, "the pool's workers did not start"
    parent.kill()
    parent.wait()
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline and any(_alive(pid) for pid in workers):
        time.sleep(0.2)
    assert not any(_alive(pid) for pid in workers), "workers outlived the killed batch"


def _children_running_spawn(parent: int) -> list[int]:
    """Pids of the pool workers (multiprocessing spawn children) of ``parent``, from /proc."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            cmdline = (entry / "cmdline").read_bytes()
        except OSError:
            continue
        if int(stat[1]) == parent and b"spawn_main" in cmdline:
            found.append(int(entry.name))
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


# ---------------------------------------------------------------------------------------------
# Resume after a killed batch
# ---------------------------------------------------------------------------------------------

KILLED_BATCH = textwrap.dedent(
    """
    import sys
    from participation_model.tasks.batch import run_batch
    from participation_model.experiments.executors import InProcessExecutor
    from participation_model.experiments.specs import batch_from_scenario
    from participation_model.scenario import scenario_from_dict

    if __name__ == "__main__":
        scenario = scenario_from_dict({{"name": "killed", "end": "2015-12", "scale": 0.02,
                                        "replications": {n}, "seed": 9}})
        run_batch(batch_from_scenario(scenario), sys.argv[1], InProcessExecutor())
    """
)


def test_resume_after_kill_loses_and_duplicates_nothing(tmp_path):
    n = 16
    scenario = scenario_from_dict(
        {"name": "killed", "end": "2015-12", "scale": 0.02, "replications": n, "seed": 9}
    )
    batch = batch_from_scenario(scenario)
    out = tmp_path / "killed"
    script = tmp_path / "batch_script.py"
    script.write_text(KILLED_BATCH.format(n=n))
    parts = out / "parts"
    before = kill_after_parts(start_python(str(script), str(out)), parts, 3, timeout=60)
    assert 3 <= before < n, "kill the batch part way"

    with pytest.raises(BatchError, match="--resume"):
        run_batch(batch, out, InProcessExecutor())
    with InProcessExecutor() as executor:
        summary = run_batch(batch, out, executor, resume=True)
    assert (summary.ok, summary.failed, summary.skipped, summary.ran) == (n, 0, before, n - before)

    index = load_index(out)
    assert sorted(index["key"]) == sorted(spec.key for spec in batch)  # each key exactly once
    assert len(list(parts.glob("*.parquet"))) == n
    assert not list(parts.glob(".*"))  # no temporary files left
    with InProcessExecutor() as executor:
        run_batch(batch, tmp_path / "fresh", executor)
    pd.testing.assert_frame_equal(load_series(out), load_series(tmp_path / "fresh"), check_exact=True)

    again = run_batch(batch, out, InProcessExecutor(), resume=True)
    assert (again.ran, again.skipped) == (0, n)


def test_resume_rebuilds_the_index_row_of_a_part_written_just_before_a_kill(tmp_path):
    """A kill between renaming a part into place and writing its index row loses nothing."""
    batch = batch_from_scenario(tiny(replications=3))
    out = tmp_path / "b"
    with InProcessExecutor() as executor:
        run_batch(batch, out, executor)
        lines = (out / "index.csv").read_text().splitlines()
        (out / "index.csv").write_text("\n".join(lines[:-1]) + "\n")  # the last row never written
        summary = run_batch(batch, out, executor, resume=True)
    assert summary.ran == 0 and summary.ok == 3
    assert sorted(load_index(out)["key"]) == sorted(spec.key for spec in batch)


def test_resume_refuses_results_of_another_batch(tmp_path):
    with InProcessExecutor() as executor:
        run_batch(batch_from_scenario(tiny(replications=1)), tmp_path / "b", executor)
        with pytest.raises(BatchError, match="another batch"):
            run_batch(batch_from_scenario(tiny(replications=1, seed=6)), tmp_path / "b", executor, resume=True)
    (tmp_path / "other").mkdir()
    (tmp_path / "other" / "notes.txt").write_text("mine")
    with pytest.raises(BatchError, match="not a batch folder"):
        run_batch(batch_from_scenario(tiny(replications=1)), tmp_path / "other", InProcessExecutor())


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file() and p.name != LOCK_FILE}


def test_a_refused_resume_changes_nothing(tmp_path):
    out = tmp_path / "b"
    with InProcessExecutor() as executor:
        run_batch(sweep_batch(), out, executor)
        before = _snapshot(out)
        changed_grid = batch_from_sweep(tiny(), [{"matching.efficiency": 0.3}, {"matching.efficiency": 0.6}])
        with pytest.raises(BatchError, match="another batch"):
            run_batch(changed_grid, out, executor, resume=True)
        with pytest.raises(BatchError, match="--resume"):
            run_batch(sweep_batch(), out, executor)
    assert _snapshot(out) == before  # batch.json and points.csv still describe the runs in the folder


@pytest.mark.parametrize("which", ["region", "parameters"])
def test_resume_notices_a_changed_data_file_and_names_it(tmp_path, which):
    from participation_model.params import DEFAULT_PATH
    from participation_model.region import resolve_region_path

    data = tmp_path / f"{which}.toml"
    shutil.copy(resolve_region_path("oost-groningen") if which == "region" else DEFAULT_PATH, data)
    key = {"region": "region", "parameters": "parameters_file"}[which]
    batch = batch_from_scenario(tiny(**{key: str(data)}))
    out = tmp_path / "b"
    with InProcessExecutor() as executor:
        run_batch(batch, out, executor)
        before, old_keys = _snapshot(out), [spec.key for spec in batch]
        data.write_text(data.read_text() + "\n# edited after the batch started\n")
        edited = batch_from_scenario(tiny(**{key: str(data)}))
        with pytest.raises(BatchError, match=f"the {which} file changed since this batch was started"):
            run_batch(edited, out, executor, resume=True)
    assert _snapshot(out) == before
    assert all(old != new.key for old, new in zip(old_keys, edited))  # the run keys hash the contents too


HOLD_LOCK = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from participation_model.tasks.batch import writer_lock

    with writer_lock(Path(sys.argv[1])):
        print("locked", flush=True)
        time.sleep(120)
    """
)


def test_one_writer_per_batch_folder_and_the_lock_dies_with_its_process(tmp_path):
    out = tmp_path / "b"
    out.mkdir()
    script = tmp_path / "hold.py"
    script.write_text(HOLD_LOCK)
    holder = start_python(str(script), str(out), stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "locked"
        with pytest.raises(BatchError, match=rf"being written by another process \(process {holder.pid} on "):
            run_batch(sweep_batch(), out, InProcessExecutor())
        assert _snapshot(out) == {}  # the refused writer wrote nothing
    finally:
        holder.kill()  # like kill -9: the OS releases the lock
        holder.wait()
    summary = run_batch(sweep_batch(), out, InProcessExecutor())
    assert summary.ok == len(sweep_batch())


# ---------------------------------------------------------------------------------------------
# Sweeps in scenario files
# ---------------------------------------------------------------------------------------------

SWEEP_FILE = """\
name = "sweep-test"
start = "2014-01"
end = "2014-12"
seed = 3
replications = 2
scale = 0.01

{sweep}
"""


def write(tmp_path: Path, sweep: str, name: str = "s.toml") -> Path:
    path = tmp_path / name
    path.write_text(SWEEP_FILE.format(sweep=textwrap.dedent(sweep)))
    return path


def test_grid_and_latin_sweeps_give_points(tmp_path):
    grid = load_scenario(write(tmp_path, """
        [sweep.grid]
        "matching.efficiency" = [0.3, 0.4]
        "separations.layoff_rate" = [0.002, 0.003, 0.004]
    """))
    points = grid.sweep.points()
    assert len(points) == 6
    assert points[0] == {"matching.efficiency": 0.3, "separations.layoff_rate": 0.002}
    assert len(batch_from_sweep(grid)) == 12

    latin = load_scenario(write(tmp_path, """
        [sweep.sample]
        method = "latin"
        n = 5
        seed = 11
        ranges = { "matching.efficiency" = [0.2, 0.6] }
    """, "latin.toml"))
    values = [p["matching.efficiency"] for p in latin.sweep.points()]
    assert len(values) == 5 and all(0.2 <= v <= 0.6 for v in values)
    # Latin hypercube: one value in each fifth of the range; the sampler seed fixes them
    assert sorted(int((v - 0.2) / 0.08) for v in values) == [0, 1, 2, 3, 4]
    assert values == [p["matching.efficiency"] for p in latin.sweep.points()]


def test_sweep_validation_names_file_key_and_allowed(tmp_path):
    path = write(tmp_path, """
        [sweep.grid]
        "matching.eficiency" = [0.3]
        "separations.layoff_rate" = [0.002, 0.9]
    """)
    with pytest.raises(ScenarioError) as caught:
        load_scenario(path)
    text = str(caught.value)
    assert caught.value.keys == ["sweep.grid.matching.eficiency", "sweep.grid.separations.layoff_rate[1]"]
    assert f"{path}: key 'sweep.grid.matching.eficiency'" in text
    assert "did you mean 'matching.efficiency'?" in text
    assert "got 0.9; allowed: a non-empty list of numbers, each a number from 0 to 0.05" in text

    path = write(tmp_path, """
        [sweep.sample]
        method = "sobol"
        n = 0
        ranges = { "matching.efficiency" = [0.6, 0.2] }
    """, "bad-sample.toml")
    with pytest.raises(ScenarioError) as caught:
        load_scenario(path)
    assert caught.value.keys == [
        "sweep.sample.method",
        "sweep.sample.n",
        "sweep.sample.ranges.matching.efficiency",
    ]
    assert "allowed: one of 'latin'" in str(caught.value)
    assert "[low, high] with low < high" in str(caught.value)

    path = write(tmp_path, "[sweep]\nrandom = 3\n", "neither.toml")
    with pytest.raises(ScenarioError) as caught:
        load_scenario(path)
    assert "sweep.random" in caught.value.keys and "sweep" in caught.value.keys


def test_cli_sweep_end_to_end(tmp_path, capsys):
    path = write(tmp_path, """
        [sweep.grid]
        "matching.efficiency" = [0.25, 0.6]
    """)
    out = tmp_path / "out"
    args = ["sweep", str(path), "--executor", "inprocess", "--out", str(out), "--quiet"]
    assert main(args) == 0
    assert "4 runs: 4 ok, 0 failed" in capsys.readouterr().out
    names = {p.name for p in out.iterdir()}
    assert {"batch.json", "points.csv", "index.csv", "summary.csv", "manifest.json", "parts"} <= names
    summary = pd.read_csv(out / "summary.csv")
    assert list(summary.columns[:4]) == ["point", "matching.efficiency", "year", "measure"]
    employed = summary[summary["measure"] == "employed_15_75"].set_index("point")["mean"]
    assert employed[0] != employed[1]
    assert (summary["n_replications"] == 2).all()
    pd.testing.assert_frame_equal(summary, summarise_batch(out).reset_index(drop=True), check_dtype=False)

    assert main(args) == 2  # refuses to overwrite finished results
    assert "--resume" in capsys.readouterr().err
    assert main([*args, "--resume"]) == 0
    assert "(4 already done)" in capsys.readouterr().out
    assert main(["sweep", str(path), "--dask-workers", "2", "--scheduler", "tcp://x:1"]) == 2


def test_cli_sweep_on_an_existing_dask_scheduler(tmp_path, capsys):
    distributed = pytest.importorskip("distributed")
    path = write(tmp_path, """
        [sweep.grid]
        "matching.efficiency" = [0.25, 0.6]
    """)
    with InProcessExecutor() as executor:
        run_batch(batch_from_sweep(load_scenario(path)), tmp_path / "reference", executor)
    with distributed.LocalCluster(
        n_workers=1, threads_per_worker=1, processes=True, dashboard_address=None
    ) as cluster:
        out = tmp_path / "dask"
        args = ["sweep", str(path), "--scheduler", cluster.scheduler_address, "--out", str(out), "--quiet"]
        assert main(args) == 0
    assert "4 runs: 4 ok, 0 failed" in capsys.readouterr().out
    assert "dask (tcp://" in (out / "manifest.json").read_text()
    pd.testing.assert_frame_equal(load_series(out), load_series(tmp_path / "reference"), check_exact=True)


def test_a_cluster_worker_with_other_bundled_data_fails_its_runs_clearly(tmp_path):
    """A Dask worker started from another install (here: a copy of the package whose bundled
    parameter file differs) refuses to run: each run fails with a message naming the file,
    instead of giving numbers the manifest does not describe."""
    distributed = pytest.importorskip("distributed")
    other = tmp_path / "other-install"
    shutil.copytree(SRC / "participation_model", other / "participation_model", ignore=shutil.ignore_patterns("__pycache__"))
    params = other / "participation_model" / "data" / "parameters" / "default.toml"
    params.write_text(params.read_text(encoding="utf-8") + "\n# edited on this worker only\n", encoding="utf-8")
    with distributed.LocalCluster(n_workers=0, processes=True, dashboard_address=None) as cluster:
        env = {**os.environ, "PYTHONPATH": str(other), "MALLOC_TRIM_THRESHOLD_": ""}
        worker = subprocess.Popen(
            [sys.executable, "-m", "distributed.cli.dask_worker", cluster.scheduler_address, "--nworkers", "1", "--nthreads", "1", "--no-dashboard"],
            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        try:
            with distributed.Client(cluster.scheduler_address) as client:
                client.wait_for_workers(1, timeout=120)
            with DaskExecutor(scheduler=cluster.scheduler_address) as dask:
                outcomes = [outcome for _, outcome in dask.map_unordered(run_spec, batch_from_scenario(tiny(replications=2)))]
        finally:
            worker.terminate()
            worker.wait(30)
    assert len(outcomes) == 2 and all(isinstance(o, RunError) and o.type == "InputMismatch" for o in outcomes), outcomes
    assert "the parameters file on this worker" in outcomes[0].message and str(params) in outcomes[0].message

