"""What the command line prints besides progress: the results message of ``run`` and the
scenario description of ``validate``.

Example:
    >>> print(results_message(Path("/tmp/out"), __import__("pandas").DataFrame(), 1))
    Results written to /tmp/out (open overview.html there for charts).
"""

from __future__ import annotations

import textwrap
from pathlib import Path
from typing import TYPE_CHECKING

from participation_model.cli.common import display_path
from participation_model.measure_catalogue import MEASURES

if TYPE_CHECKING:
    import pandas as pd

    from participation_model.scenario import Scenario

#: The measures the results message prints, named by the measure catalogue.
_HEADLINE = ("netto_participation_15_75", "bruto_participation_15_75", "unemployment_rate_15_75")


def results_message(path: Path, summary: pd.DataFrame, replications: int, draws: int = 0) -> str:
    """Where the results are, and the headline year's participation and unemployment.

    The headline year is 2016 (the year of the region's CBS figures) when simulated, else
    the last simulated year. Figures are annual averages: median over replications (over
    ``draws`` parameter draws x ``replications``, with draws) with the 5-95% range.

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

    lines = [f"Results written to {display_path(path)} (open overview.html there for charts)."]
    if summary.empty:
        return lines[0]
    year = headline_year(summary["year"])
    if draws:
        lines.append(f"{year}, annual average, median of {draws} parameter draws x {replications} replications "
                     "(5-95% range: parameter and random uncertainty):")
    else:
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
    drivers_file = display_path(economy.drivers_path) if economy.drivers_path else economy.drivers
    parameters = (
        f"parameters from {scenario.parameters_file}"
        if scenario.parameters_file
        else "the bundled parameters"
    )
    if scenario.calibration is not None:
        parameters += f", with {len(scenario.calibration_values)} calibrated values from {display_path(scenario.calibration)}"
    if getattr(scenario, "parameter_draws", 0) and scenario.ensemble is not None:
        parameters += (f", drawn {scenario.parameter_draws} times from the ensemble {display_path(scenario.ensemble)} "
                       "(every replication runs once per draw)")
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
    text = textwrap.fill(" ".join(sentences), width=88, break_on_hyphens=False)
    readings = getattr(scenario, "readings", ())
    if readings:  # later gemeente names: say how the model (2016 layout) read them
        text += "\nGemeente names, read as the model's gemeenten:\n" + "\n".join(f"  {line}" for line in readings)
    return text


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
