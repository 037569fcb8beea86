"""Net effects, displacement and deadweight of the shipped instruments in a slack and a tight market.

For docs/interventions.md: every instrument scenario in scenarios/ is run against the baseline
(paired replications, common random numbers) twice, with its interventions moved to a slack
window (enrolment from 2014) and to a tight one (from 2018), each followed for three years; and
sectorplan retraining into a shortage sector (zorg) against a slack one (handel) in the tight
window. Printed as Markdown tables. Nothing here sets a displacement or deadweight share: they
are measured from who else was employed in the baseline (docs/compare.md).

Usage:
    python calibration/market_effects.py                        # 6 replications at full scale
    python calibration/market_effects.py --replications 2 --scale 0.25
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from participation_model.analysis.effects import effect_curves
from participation_model.experiments.compare import compare
from participation_model.scenario import Scenario, load_scenario, scenario_from_dict

ROOT = Path(__file__).resolve().parent.parent
INSTRUMENTS = (
    "sectorplan-retraining", "van-werk-naar-werk", "van-werkloosheid-naar-werk", "leerwerkplekken",
    "brug-ww", "esf-active-inclusion", "sw-secondment", "loonkostensubsidie", "garantiebanen", "beschut-werk",
)  # fmt: skip
WINDOWS = {"slack (enrolment from 2014)": 2014, "tight (enrolment from 2018)": 2018}
FOLLOW_YEARS = 3
ENROLMENT_YEARS = 2
CURVE_MONTHS = (0, 1, 3, 6, 9, 12, 18, 24, 36, 47)


def _month(year: int, month: int) -> str:
    return f"{year:04d}-{month:02d}"


def moved(block: dict[str, Any], year: int) -> dict[str, Any]:
    """An intervention block moved to start in February of ``year``, enrolling for two years at most."""
    out = dict(block)
    first = int(block["start"][:4]) * 12 + int(block["start"][5:]) - 1
    last = int(block.get("end", block["start"])[:4]) * 12 + int(block.get("end", block["start"])[5:]) - 1
    length = min(last - first, ENROLMENT_YEARS * 12 - 2)
    out["start"] = _month(year, 2)
    end = year * 12 + 1 + length
    out["end"] = _month(end // 12, end % 12 + 1)
    return out


def pair(name: str, blocks: list[dict[str, Any]], year: int, replications: int, scale: float) -> tuple[Scenario, Scenario]:
    """Baseline and scenario from 2014-01 (after the shipped warm-up from 2008) to three years after the enrolment starts."""
    end = _month(year + ENROLMENT_YEARS + FOLLOW_YEARS - 1, 12)
    common = {"warm_up_from": "2008-01", "start": "2014-01", "end": end, "seed": 20140101, "replications": replications, "scale": scale,
              "calibration": "../calibration/calibrated/oost-groningen.toml"}  # fmt: skip
    source = ROOT / "scenarios" / "market-effects.toml"
    base = scenario_from_dict({"name": "baseline", **common}, source=source)
    scen = scenario_from_dict({"name": name, **common, "interventions": blocks}, source=source)
    return base, scen


def measure(name: str, blocks: list[dict[str, Any]], year: int, replications: int, scale: float) -> dict[str, float]:
    """Totals of one comparison: participants, gains, displacement, deadweight, in-commuters."""
    base, scen = pair(name, blocks, year, replications, scale)
    result = compare(base, [scen], year=year + 1)
    totals = result.scenario_totals.set_index("metric")["mean"]
    per_iv = result.interventions
    deadweight = per_iv[per_iv["metric"] == "deadweight_share"]["mean"]
    gain = float(totals["participants_extra_person_years"])
    displaced = float(totals["displacement_person_years"])
    return {
        "participants": float(totals["participants_started"]),  # persons, each once
        "participants' extra person-years": gain,
        "displacement (person-years)": displaced,
        "displacement share": displaced / gain if gain > 0 else float("nan"),
        "in-commuter jobs (person-years)": float(totals["incommuter_jobs_change_person_years"]),
        "net extra person-years": float(totals["net_extra_person_years"]),
        "deadweight share": float(np.nanmean(deadweight)) if len(deadweight) else float("nan"),
    }


def _table(rows: list[dict[str, Any]]) -> str:
    frame = pd.DataFrame(rows)
    head = "| " + " | ".join(frame.columns) + " |\n|" + "---|" * len(frame.columns) + "\n"
    body = "".join("| " + " | ".join(_cell(v) for v in row) + " |\n" for row in frame.itertuples(index=False))
    return head + body


def _cell(value: Any) -> str:
    if isinstance(value, float):
        if np.isnan(value):
            return "-"
        return f"{value:.2f}" if abs(value) < 10 else f"{value:,.0f}"
    return str(value)


def curve_rows(replications: int, scale: float) -> list[dict[str, Any]]:
    """Participants' effect curves (pp, against their own baseline selves) of the shipped scenarios."""
    rows = []
    for name in INSTRUMENTS:
        scenario = load_scenario(ROOT / "scenarios" / f"{name}.toml").with_overrides(replications=replications, scale=scale)
        baseline = load_scenario(ROOT / "scenarios" / "baseline.toml").with_overrides(replications=replications, scale=scale)
        curves = effect_curves(baseline, scenario, replications)
        mean = curves.groupby("months_since_enrolment")["effect_pp"].mean()
        rows.append({"scenario": name, **{str(k): float(mean.get(k, float("nan"))) for k in CURVE_MONTHS}})
        print(f"done: curves of {name}", flush=True)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--replications", type=int, default=6)
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--curves", action="store_true", help="also the participants' effect curves of the shipped scenarios")
    args = parser.parse_args()
    if args.curves:
        curves = curve_rows(args.replications, args.scale)
        print("\n## Effect curves (pp, months since enrolment)\n")
        print(_table(curves))
    rows = []
    for name in INSTRUMENTS:
        scenario = load_scenario(ROOT / "scenarios" / f"{name}.toml")
        raw = [dict(spec.options, type=spec.type) for spec in scenario.interventions]
        for window, year in WINDOWS.items():
            blocks = [moved(_plain(b), year) for b in raw]
            rows.append({"scenario": name, "market": window, **measure(name, blocks, year, args.replications, args.scale)})
            print(f"done: {name}, {window}", flush=True)
    print("\n## By instrument, slack against tight market\n")
    print(_table(rows))
    sector_rows = []
    for sector, kind in (("zorg", "shortage sector"), ("handel", "slack sector")):
        block = {"type": "sectorplan_retraining", "start": "2018-02", "end": "2019-12", "target_sectors": [sector],
                 "places_per_year": 400, "cost_per_participant": 2700, "eligibility": {"status": ["unemployed"]}}  # fmt: skip
        sector_rows.append({"retraining into": f"{sector} ({kind})", **measure(f"retraining-{sector}", [block], 2018, args.replications, args.scale)})
    print("\n## Retraining into a shortage sector against a slack one (enrolment 2018-2019)\n")
    print(_table(sector_rows))


def _plain(value: Any) -> Any:
    """Read-only scenario values (frozen dicts, tuples) back to plain dicts and lists."""
    if isinstance(value, dict) or hasattr(value, "items"):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, tuple):
        return [_plain(v) for v in value]
    return value


if __name__ == "__main__":
    main()
