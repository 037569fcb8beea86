"""What the command line prints: the progress line, the results message and the scenario
description of ``validate`` (``participation_model.cli`` re-exports them).
"""

from __future__ import annotations

import textwrap
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from participation_model.measure_catalogue import MEASURES
from participation_model.progress import clock_time, is_tty

if TYPE_CHECKING:
    import pandas as pd

    from participation_model.experiments.runner import ProgressEvent
    from participation_model.scenario import Scenario

#: The measures the results message prints, named by the measure catalogue.
_HEADLINE = ("netto_participation_15_75", "bruto_participation_15_75", "unemployment_rate_15_75")


class ProgressDisplay:
    """Show run progress on a stream: replication k/n, months, elapsed time and ETA.

    On a terminal it rewrites one line in place; otherwise (log files, CI) it prints a plain
    line at most every ``interval`` seconds and when the run is complete. Replications may
    report out of order (parallel executors): progress is the sum of the months each
    replication has finished.

    The runner reports after every simulated month: ``replication`` counts from 0 and
    ``month_index`` is the number of months that replication has simulated so far (1 to
    ``months``).

    Example:
        >>> import io
        >>> from types import SimpleNamespace as Event
        >>> stream = io.StringIO()
        >>> show = ProgressDisplay(stream, interactive=False, clock=lambda: 0.0)
        >>> show(Event(replication=0, replications=2, month_index=12, months=12))
        >>> stream.getvalue()
        'replication 1/2, month 12/12 (50%), elapsed 0:00:00, ETA --\\n'
    """

    def __init__(
        self,
        stream: TextIO,
        *,
        enabled: bool = True,
        interactive: bool | None = None,
        interval: float = 10.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._stream = stream
        self._enabled = enabled
        self._interactive = is_tty(stream) if interactive is None else interactive
        self._interval = interval if not self._interactive else 0.1
        self._clock = clock
        self._start = clock()
        self._last_shown: float | None = None
        self._done: dict[int, int] = {}
        self._width = 0

    def __call__(self, event: ProgressEvent) -> None:
        """Record one progress event and show it if it is time to."""
        if not self._enabled:
            return
        self._done[event.replication] = min(max(event.month_index, 0), event.months)
        total = event.replications * event.months
        fraction = min(sum(self._done.values()) / total, 1.0) if total else 1.0
        now = self._clock()
        due = self._last_shown is None or now - self._last_shown >= self._interval
        if not (due or fraction >= 1.0):
            return
        self._last_shown = now
        self._show(progress_line(event, fraction, now - self._start))

    def close(self) -> None:
        """End the in-place line on a terminal, so later output starts on a fresh line."""
        if self._enabled and self._interactive and self._width:
            self._stream.write("\n")
            self._stream.flush()
            self._width = 0

    def _show(self, line: str) -> None:
        if self._interactive:
            padding = " " * max(self._width - len(line), 0)
            self._stream.write(f"\r{line}{padding}")
            self._width = len(line)
        else:
            self._stream.write(line + "\n")
        self._stream.flush()


def progress_line(event: ProgressEvent, fraction: float, elapsed: float) -> str:
    """One progress line, e.g. ``replication 2/10, month 37/144 (17%), elapsed ..., ETA ...``.

    Example:
        >>> from types import SimpleNamespace as Event
        >>> progress_line(Event(replication=1, replications=4, month_index=6, months=12), 0.375, 30)
        'replication 2/4, month 6/12 (38%), elapsed 0:00:30, ETA 0:00:50'
    """
    eta = clock_time(elapsed * (1 - fraction) / fraction) if fraction > 0 and elapsed > 0 else "--"
    return (
        f"replication {event.replication + 1}/{event.replications}, "
        f"month {min(event.month_index, event.months)}/{event.months} ({fraction:.0%}), "
        f"elapsed {clock_time(elapsed)}, ETA {eta}"
    )


def results_message(path: Path, summary: pd.DataFrame, replications: int) -> str:
    """Where the results are, and the headline year's participation and unemployment.

    The headline year is 2016 (the year of the region's CBS figures) when simulated, else
    the last simulated year. Figures are annual averages: median over replications with the
    5-95% range.

    Example:
        >>> import pandas as pd
        >>> summary = pd.DataFrame({"year": [2016], "measure": ["unemployment_rate_15_75"],
        ...     "p5": [6.5], "p50": [7.0], "p95": [7.6]})
        >>> print(results_message(Path("/tmp/out"), summary, 2))
        Results written to /tmp/out (open overview.html there for charts).
        2016, annual average, median of 2 replications (5-95% range):
          unemployment rate 15-75     7.0%  (6.5 to 7.6)
    """
    from participation_model.metrics.summary import headline_year

    lines = [f"Results written to {_display_path(path)} (open overview.html there for charts)."]
    if summary.empty:
        return lines[0]
    year = headline_year(summary["year"])
    lines.append(
        f"{year}, annual average, median of {replications} replication"
        f"{'s' if replications != 1 else ''} (5-95% range):"
    )
    rows = summary[summary["year"] == year].set_index("measure")
    for measure in _HEADLINE:
        if measure not in rows.index:
            continue
        row, name = rows.loc[measure], MEASURES[measure].label_en
        lines.append(
            f"  {name:<26}{row['p50']:5.1f}%  ({row['p5']:.1f} to {row['p95']:.1f})"
        )
    return "\n".join(lines)


def describe_scenario(scenario: Scenario, path: str | Path) -> str:
    """One paragraph saying what a scenario will simulate, for ``validate``.

    Example:
        >>> print(describe_scenario(load_scenario("scenarios/baseline.toml"),
        ...                         "scenarios/baseline.toml"))  # doctest: +SKIP
        Scenario 'baseline' (scenarios/baseline.toml) is valid. Historical baseline ...
    """
    from participation_model.drivers import describe_edits

    economy = scenario.economy
    changes = [
        describe_edits(economy.set, economy.shift),
        f"sector trends for {', '.join(economy.sector_trend)}" if economy.sector_trend else "",
    ]
    changes = [change for change in changes if change]
    drivers_file = _display_path(economy.drivers_path) if economy.drivers_path else economy.drivers
    parameters = (
        f"parameters from {scenario.parameters_file}"
        if scenario.parameters_file
        else "the bundled parameters"
    )
    if scenario.calibration is not None:
        parameters += f", with {len(scenario.calibration_values)} calibrated values from {_display_path(scenario.calibration)}"
    overrides = ", ".join(f"{name} = {value:g}" for name, value in scenario.parameters.items())
    kinds = [spec.type for spec in scenario.interventions]
    description = scenario.description.strip()
    sentences = [
        f"Scenario {scenario.name!r} ({path}) is valid.",
        f"{description.rstrip('.')}." if description else "It has no description.",
        f"It simulates region {scenario.region!r} from {scenario.start} to {scenario.end} "
        f"({scenario.months()} months) in {scenario.replications} replication"
        f"{'s' if scenario.replications != 1 else ''} from seed {scenario.seed}, at scale "
        f"{scenario.scale:g} (simulated persons per resident)"
        + (f", after a warm-up from {scenario.warm_up_from} (not reported)." if scenario.warm_up_from else "."),
        f"Economy: national drivers {economy.drivers!r} ({drivers_file}), path {economy.path!r}"
        + (f", with {'; '.join(changes)}." if changes else ", unchanged."),
        f"It uses {parameters}"
        + (f" with {len(scenario.parameters)} override(s): {overrides}." if overrides else "."),
        f"Interventions: {len(kinds)} ({', '.join(kinds)})." if kinds else "Interventions: none.",
        *_sweep_sentence(scenario),
        (
            f"'participation-model sweep' writes to {Path('outputs') / ('sweep-' + scenario.name)}"
            if getattr(scenario, "sweep", None) is not None
            else f"Results will go to {Path('outputs') / scenario.name}"
        )
        + " unless --out says otherwise.",
    ]
    return textwrap.fill(" ".join(sentences), width=88, break_on_hyphens=False)


def _sweep_sentence(scenario: Scenario) -> list[str]:
    """What ``participation-model sweep`` would run, or nothing for a scenario without a sweep."""
    sweep = getattr(scenario, "sweep", None)
    if sweep is None:
        return []
    names = list(sweep.grid if sweep.method == "grid" else sweep.ranges)
    how = "a grid" if sweep.method == "grid" else "a Latin hypercube sample"
    points = len(sweep.points())
    return [
        f"Sweep: {how} of {points} point(s) over {', '.join(names)}; `sweep` runs "
        f"{points * scenario.replications} runs."
    ]


def _display_path(path: Path) -> str:
    """A path relative to the current folder when it is inside it, else absolute."""
    absolute = Path(path).absolute()
    try:
        return str(absolute.relative_to(Path.cwd()))
    except ValueError:
        return str(absolute)
