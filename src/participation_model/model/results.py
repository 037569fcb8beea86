"""Turn a finished model's monthly arrays into tidy pandas tables (pure functions).

Three tables per replication, all in persons of the real population (counts divided by the
scale) and percentages for rates, following CBS definitions: netto participation = employed /
population, bruto = labour force / population, unemployment rate = unemployed / labour force,
for 15-75 (headline) and 15-65; Wsw workers are employed.

- ``series``: one row per month with the headline measures, benefit stocks, flows, vacancies,
  tightness, quarterly U->E flow rates and long-term shares by age, and employment by
  location and sector;
- ``groups``: the same core measures by age band, education, sex and gemeente (long format);
- ``sectors``: employment by sector and location, with vacancies.

Example:
    >>> from participation_model.model.model import ParticipationModel
    >>> m = ParticipationModel(scale=0.02, seed=1, end="2014-03"); m.run_model()
    >>> tables = model_tables(m)
    >>> list(tables["series"]["month"])
    ['2014-01', '2014-02', '2014-03']
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from participation_model.model.codes import EDUCATION_LABELS, FLOW_BANDS, REPORT_BANDS, SEX_LABELS, Status
from participation_model.model.employers import EMPLOYER_FLOWS
from participation_model.model.measures import core_measures, status_benefit
from participation_model.measure_catalogue import columns, names_of_kind, real_per_simulated, to_real
from participation_model.model.phases.record import LONG_TERM
from participation_model.months import month_label as _label

#: Flows of residents in the groups table (from the catalogue).
GROUP_FLOWS = names_of_kind("groups", "flow")


def table_members(m) -> dict[str, tuple[str, ...]]:
    """The members of the catalogue's column families in this model: bands, locations, sectors."""
    return {
        "band": tuple(band.replace("-", "_") for band in FLOW_BANDS),
        "location": tuple(m.region.locations),
        "sector": tuple(m.region.sectors),
    }


def in_catalogue_order(
    data: dict[str, object], table: str, members: dict[str, tuple[str, ...]], keys: tuple[str, ...]
) -> dict[str, object]:
    """``data`` with its measure columns in the catalogue's order for ``table``, after ``keys``.

    The catalogue (``measure_catalogue.TABLE_COLUMNS``) decides which columns a table has, so
    a measure computed here without a catalogue entry, or an entry nobody computes, is an
    error rather than a column the summaries, labels and docs do not know.

    Example:
        >>> in_catalogue_order({"month": [1], "vacancies": [2], "employed": [3], "jobs": [0],
        ...     "desired_jobs": [0], "vacancies_closed_unfilled": [0]}, "sectors", {}, ("month",))
        {'month': [1], 'employed': [3], 'vacancies': [2], 'jobs': [0], 'desired_jobs': [0], 'vacancies_closed_unfilled': [0]}
    """
    order = (*keys, *columns(table, members))
    if set(order) != set(data):
        raise KeyError(
            f"the {table} table's columns differ from the measure catalogue: not in the catalogue "
            f"{sorted(set(data) - set(order))}, not computed {sorted(set(order) - set(data))}"
        )
    return {name: data[name] for name in order}


def model_tables(m) -> dict[str, pd.DataFrame]:
    """All tables of a finished (or partly run) model, from its first reported month."""
    months = run_months(m)
    return {
        "series": reported(m, series_table(m, months)),
        "groups": reported(m, groups_table(m, months)),
        "sectors": reported(m, sectors_table(m, months)),
        "interventions": reported(m, interventions_table(m, months)),
    }


def run_months(m) -> list[str]:
    """Labels of the months the model has run so far, warm-up included."""
    return [_label(m.start_index + t) for t in range(m.t)]


def reported(m, table: pd.DataFrame) -> pd.DataFrame:
    """Drop the warm-up months (before ``ModelConfig.report_from``) from a table with a month column.

    A warm-up runs the model from an earlier start so that the population's composition is
    the model's own by the first reported month; the tables begin there.
    """
    if not m.report_offset:
        return table
    first = _label(m.start_index + m.report_offset)
    return table[table["month"] >= first].reset_index(drop=True)


INTERVENTION_COLUMNS = ("month", "intervention", "type", "measure", "value")


def interventions_table(m, months: list[str]) -> pd.DataFrame:
    """Monthly reports of every intervention, long format (persons and EUR of the real population).

    Measures: the intervention's report fields (for programmes: eligible, waiting, enrolled,
    in_programme, completed, dropped_out, placed, spending) and ``spending_<stream>`` per
    funding stream.
    """
    from participation_model.codes import STREAMS

    T = len(months)
    frames = []
    for iv in m.interventions:
        r = iv.reports
        blocks = [(name, r.counts[:T, k]) for k, name in enumerate(r.fields)]
        if "spending" in r.fields:
            blocks += [(f"spending_{s}", r.spending[:T, j]) for j, s in enumerate(STREAMS)]
        for name, values in blocks:
            frames.append(pd.DataFrame({"month": months, "intervention": iv.name, "type": iv.type_name, "measure": name, "value": values}))
    if not frames:
        return pd.DataFrame({c: pd.Series(dtype="float64" if c == "value" else "object") for c in INTERVENTION_COLUMNS})
    return pd.concat(frames, ignore_index=True)


def series_table(m, months: list[str]) -> pd.DataFrame:
    T = len(months)
    stocks = status_benefit(m.store.stocks[:T])
    all_cells = core_measures(stocks.sum(axis=1), m.scale)
    wa = core_measures(stocks[:, m.tables.cells_15_65].sum(axis=1), m.scale)
    out: dict[str, object] = {"month": months}
    out["population_15_75"] = all_cells["population_15_75"]
    out["population_15_65"] = wa["population_15_75"]
    out["employed_15_75"] = all_cells["employed"]
    out["unemployed_15_75"] = all_cells["unemployed"]
    out["labour_force_15_75"] = all_cells["labour_force"]
    out["employed_15_65"] = wa["employed"]
    out["unemployed_15_65"] = wa["unemployed"]
    out["labour_force_15_65"] = wa["labour_force"]
    out["netto_participation_15_75"] = all_cells["netto_participation"]
    out["bruto_participation_15_75"] = all_cells["bruto_participation"]
    out["netto_participation_15_65"] = wa["netto_participation"]
    out["bruto_participation_15_65"] = wa["bruto_participation"]
    out["unemployment_rate_15_75"] = all_cells["unemployment_rate"]
    out["unemployment_rate_15_65"] = wa["unemployment_rate"]
    for key in ("ww", "bijstand", "ao", "wsw", "long_term_unemployed"):
        out[key] = all_cells[key]
    out["long_term_share"] = 100.0 * all_cells["long_term_unemployed"] / np.maximum(all_cells["unemployed"], 1e-9)
    flows = to_real(m.store.flows[:T].sum(axis=2), m.scale)
    for name in names_of_kind("series", "flow"):  # the residents' flows; employer_series adds the employers'
        if name in m.store.flow_names:
            out[name] = flows[:, m.store.flow_names.index(name)]
    out.update(employer_series(m, T, all_cells["unemployed"]))
    qu, que = m.store.quarterly_u[:T], m.store.quarterly_ue[:T]
    valid = np.arange(T) >= 3
    out["ue_quarterly"] = np.where(valid, 100.0 * que.sum(axis=1) / np.maximum(qu.sum(axis=1), 1), np.nan)
    for k, band in enumerate(FLOW_BANDS):
        key = band.replace("-", "_")
        out[f"ue_quarterly_{key}"] = np.where(valid, 100.0 * que[:, k] / np.maximum(qu[:, k], 1), np.nan)
    other = m.store.quarterly_other[:T]
    out["eu_quarterly"] = np.where(valid, 100.0 * other[:, 1] / np.maximum(other[:, 0], 1), np.nan)
    out["nilf_to_labour_force_quarterly"] = np.where(valid, 100.0 * other[:, 3] / np.maximum(other[:, 2], 1), np.nan)
    lt_by_band, u_by_band = _long_term_by_flow_band(m, stocks)
    for k, band in enumerate(FLOW_BANDS):
        out[f"long_term_share_{band.replace('-', '_')}"] = 100.0 * lt_by_band[:, k] / np.maximum(u_by_band[:, k], 1e-9)
    sectors = to_real(m.store.sectors[:T].reshape(T, len(m.region.sectors), len(m.region.locations)), m.scale)
    for j, loc in enumerate(m.region.locations):
        out[f"employed_loc_{loc}"] = sectors[:, :, j].sum(axis=1)
    employees = to_real(m.store.employees[:T], m.scale)
    for j, loc in enumerate(m.region.locations):
        out[f"employees_loc_{loc}"] = employees[:, j]
    out["self_employed"] = to_real(m.store.self_employed[:T], m.scale)
    for i, sec in enumerate(m.region.sectors):
        out[f"employed_sec_{sec}"] = sectors[:, i, :].sum(axis=1)
    return pd.DataFrame(in_catalogue_order(out, "series", table_members(m), keys=("month",)))


def employer_series(m, T: int, unemployed: np.ndarray) -> dict[str, np.ndarray]:
    """The employers' side of the region per month (persons and vacancies of the real population).

    - ``vacancies``: open vacancies inside the region; ``tightness``: those per unemployed resident;
    - ``vacancies_outside``: vacancies outside the region within residents' reach;
    - ``jobs_inside``: employee jobs located in the region, residents' and in-commuters';
      ``incommuters``: the in-commuters' part; ``desired_jobs_inside``: the employers' target demand;
    - ``vacancies_posted``, ``vacancies_filled``, ``vacancies_withdrawn``, ``vacancies_closed_unfilled``:
      vacancy flows inside the region in the month (open vacancies change by posted minus the
      other three);
    - ``incommuter_hires``, ``incommuter_leavers``: in-commuters hired and leaving in the month.
    """
    e = m.employers
    inside, s = e.inside, real_per_simulated(m.scale)
    vac = m.store.vacancies[:T]
    flows = m.store.employer_flows[:T]
    out = {
        "vacancies": vac[:, inside].sum(axis=1) * s,
        "vacancies_outside": vac[:, ~inside].sum(axis=1) * s,
        "jobs_inside": m.store.jobs[:T][:, inside].sum(axis=1) * s,
        "incommuters": (m.store.jobs[:T][:, inside] - m.store.resident_jobs[:T][:, inside]).sum(axis=1) * s,
        "desired_jobs_inside": m.store.target[:T][:, inside].sum(axis=1) * s,
    }
    out["tightness"] = out["vacancies"] / np.maximum(unemployed, 1e-9)
    for k, name in enumerate(EMPLOYER_FLOWS):
        column = name if name.startswith("incommuter") else f"vacancies_{name}"
        out[column] = flows[:, k, inside].sum(axis=1) * s
    return out


def _long_term_by_flow_band(m, stocks: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Long-term and all unemployed by the CBS flow bands 15-34 / 35-54 / 55+ (10-year cells mapped)."""
    n_g = len(m.region.gemeenten)
    band_of_cell = np.arange(stocks.shape[1]) // (3 * 2 * n_g)
    flow_of_report = np.array([0, 0, 1, 1, 2, 2])  # 15-24,25-34 | 35-44,45-54 | 55-64,65-74
    status = stocks.sum(axis=-1)
    lt = status[..., LONG_TERM]
    un = status[..., Status.UNEMPLOYED] + lt
    group = flow_of_report[band_of_cell]
    lt_b = np.stack([lt[:, group == k].sum(axis=1) for k in range(3)], axis=1)
    un_b = np.stack([un[:, group == k].sum(axis=1) for k in range(3)], axis=1)
    return lt_b, un_b


def groups_table(m, months: list[str]) -> pd.DataFrame:
    T = len(months)
    n_g = len(m.region.gemeenten)
    shape = (T, len(REPORT_BANDS), 3, 2, n_g)
    stocks = status_benefit(m.store.stocks[:T]).reshape(shape + (8, 5))
    flows = m.store.flows[:T].reshape((T, len(m.store.flow_names)) + shape[1:])
    dims = {
        "age_band": (1, list(REPORT_BANDS)),
        "education": (2, list(EDUCATION_LABELS)),
        "sex": (3, list(SEX_LABELS)),
        "gemeente": (4, list(m.region.gemeenten)),
    }
    frames = []
    for dim, (axis, labels) in dims.items():
        other = tuple(a for a in range(1, 5) if a != axis)
        sb = stocks.sum(axis=other)  # (T, groups, 8, 5)
        core = core_measures(sb, m.scale)
        fl = flows.sum(axis=tuple(a + 1 for a in other))  # (T, F, groups)
        data = {
            "month": np.repeat(months, len(labels)),
            "dimension": dim,
            "group": np.tile(labels, T),
        }
        for key, values in core.items():
            data[key] = values.reshape(-1)
        for name in GROUP_FLOWS:
            data[name] = to_real(fl[:, m.store.flow_names.index(name), :].reshape(-1), m.scale)
        frames.append(pd.DataFrame(in_catalogue_order(data, "groups", {}, keys=("month", "dimension", "group"))))
    return pd.concat(frames, ignore_index=True)


def sectors_table(m, months: list[str]) -> pd.DataFrame:
    T = len(months)
    n_s, n_l = len(m.region.sectors), len(m.region.locations)
    employed = to_real(m.store.sectors[:T].reshape(T, n_s, n_l), m.scale)
    n_emp_loc = n_l - 1

    def by_group(values: np.ndarray) -> np.ndarray:
        out = np.zeros((T, n_s, n_l))
        out[:, :, :n_emp_loc] = to_real(values[:T].reshape(T, n_s, n_emp_loc), m.scale)
        return out.reshape(-1)

    closed = m.store.employer_flows[:T, EMPLOYER_FLOWS.index("closed_unfilled")]
    data: dict[str, object] = {
        "month": np.repeat(months, n_s * n_l),
        "sector": np.tile(np.repeat(list(m.region.sectors), n_l), T),
        "location": np.tile(list(m.region.locations), T * n_s),
        "employed": employed.reshape(-1),
        "vacancies": by_group(m.store.vacancies),
        "jobs": by_group(m.store.jobs),
        "desired_jobs": by_group(m.store.target),
        "vacancies_closed_unfilled": by_group(closed),
    }
    return pd.DataFrame(in_catalogue_order(data, "sectors", {}, keys=("month", "sector", "location")))
