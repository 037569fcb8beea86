"""The fit report's tables and verdicts: every target against the model, and the cold start against the history run.

A target is compared with the model when the model has a counterpart and the runs simulate its
year; it is a miss when it is outside its band or not comparable, and a miss must say why
(:func:`unexplained_misses`). The tables put every target in one of three sections (fitted,
kept back from the fit, not compared) with its figure, band, model value, z and explanation,
all escaped. The fit report (:mod:`participation_model.reports.fit`) and the calibration
dashboard both show them.

Example:
    >>> fit = pd.DataFrame({"target": ["a", "b"], "label": ["A", "B"],
    ...                     "status": ["fitted", "fitted"], "z": [0.4, 1.8],
    ...                     "within": [True, False], "explanation": ["", ""]})
    >>> unexplained_misses(fit)
    ['b']
"""

from __future__ import annotations

import html
import math
from collections.abc import Mapping
from typing import Any

import pandas as pd

from participation_model.reports.charts import label


_Y_TITLES: Mapping[str, str] = {
    "netto_participation_15_75": "% of population 15-75",
    "bruto_participation_15_75": "% of population 15-75",
    "unemployment_rate_15_75": "% of labour force 15-75",
    "tightness": "vacancies per unemployed",
    "vacancies": "vacancies",
    "jobs_inside": "jobs",
}

#: Units of the differences in the agreement chart: percentage points for rates in %.
_RATE_PREFIXES = ("netto_participation", "bruto_participation", "unemployment_rate", "long_term_share")

FITTED = "fitted"
KEPT_BACK = "kept back"
NOT_COMPARABLE = "not comparable"
NOT_SIMULATED = "not simulated"


def unexplained_misses(fit: pd.DataFrame) -> list[str]:
    """Targets outside their band (or not comparable) that have no explanation.

    Every miss must say why, so tests can assert this list is empty. A comparable target
    whose ``within`` is missing counts as a miss: "unknown" is not "fine".

    Example:
        >>> fit = pd.DataFrame({"target": ["in", "out", "told", "nc"],
        ...     "status": ["fitted", "kept back", "fitted", "not comparable"],
        ...     "within": [True, False, False, False],
        ...     "explanation": ["", " ", "too few older workers", None]})
        >>> unexplained_misses(fit)
        ['out', 'nc']
    """
    misses = _misses(fit)
    unexplained = misses & ~fit["explanation"].map(_has_text)
    return [str(name) for name in fit.loc[unexplained, "target"]]


def fit_table_html(fit: pd.DataFrame) -> str:
    """Every target as a table row: figure, band, model, z, within, status, run, why.

    Rows outside their band get the class ``outside`` and a bold "no" (not colour alone);
    misses without an explanation say "unexplained" in the explanation column.

    Example:
        >>> fit = pd.DataFrame([{"target": "ww_2016", "label": "WW <recipients>",
        ...     "unit": "persons", "period": "2016", "value": 4100.0, "low": 3900.0,
        ...     "high": 4300.0, "model_mean": 4600.0, "model_p5": 4500.0,
        ...     "model_p95": 4700.0, "z": 2.5, "start_z": 4.0, "within": False,
        ...     "status": "fitted", "run": "calibration runs 2014-2016", "explanation": ""}])
        >>> table = fit_table_html(fit)
        >>> 'class="outside"' in table, "WW &lt;recipients&gt;" in table, "unexplained" in table
        (True, True, True)
    """
    misses = _misses(fit)
    body = "\n".join(
        _table_row(row, miss) for row, miss in zip(fit.itertuples(index=False), misses)
    )
    headings = ("target", "period", "value", "band", "model mean (5-95%)", "z", "within",
                "status", "run", "explanation")
    head = "".join(f'<th scope="col">{h}</th>' for h in headings)
    return f"""<table class="fit">
<thead><tr>{head}</tr></thead>
<tbody>
{body}
</tbody>
</table>"""


#: Headings and help sentences of the fit table's sections, by section key.
TABLE_SECTIONS: Mapping[str, tuple[str, str]] = {
    "fitted": ("Fitted targets", "Targets in the objective the calibration minimised."),
    "kept-back": ("Kept back from the fit: how well the calibrated model predicts them",
                  "These targets were left out of the objective, so the calibrated model's values are "
                  "out-of-sample predictions: z and 'within' say how good they are."),
    "other": ("Targets not compared", "The model has no counterpart for these targets, or the runs do not "
              "simulate their years; the last column says why."),
}  # fmt: skip


def fit_tables_html(fit: pd.DataFrame, *, level: int = 2, words: Mapping[str, tuple[str, str]] | None = None) -> str:
    """The fit table in its sections: fitted targets, kept-back targets, and targets not compared.

    Kept-back targets were left out of the objective, so their rows are out-of-sample
    predictions and get a section of their own with a sentence saying so. Empty sections are
    left out. ``level`` is the heading level (2 on the fit report, 3 inside a dashboard tab);
    ``words`` replaces :data:`TABLE_SECTIONS` (the dashboards pass their language's).

    Example:
        >>> fit = pd.DataFrame([{"target": t, "label": t, "unit": "percent", "period": "2016", "value": 7.0,
        ...     "low": 6.0, "high": 8.0, "model_mean": 7.2, "model_p5": 6.9, "model_p95": 7.5, "z": 0.2,
        ...     "start_z": 1.5, "within": True, "status": status, "run": "history run from 2008-01",
        ...     "explanation": ""} for t, status in (("a_2014", "fitted"), ("b_2016", "kept back"))])
        >>> page = fit_tables_html(fit)
        >>> page.count("<table"), 'data-fit-table="kept-back"' in page, "how well the calibrated model predicts them" in page
        (2, True, True)
    """
    words = {**TABLE_SECTIONS, **(words or {})}
    status = fit["status"].astype(str)
    rows_of = {"fitted": status.eq(FITTED), "kept-back": status.eq(KEPT_BACK), "other": ~status.isin([FITTED, KEPT_BACK])}
    parts = []
    for key, rows in rows_of.items():
        if not rows.any():
            continue
        heading, help_text = words[key]
        parts.append(f'<section aria-labelledby="heading-table-{key}" data-fit-table="{key}">\n'
                     f'<h{level} id="heading-table-{key}">{html.escape(heading)}</h{level}>\n'
                     f'<p class="help">{html.escape(help_text)}</p>\n'
                     f'<div class="table-scroll" tabindex="0">{fit_table_html(fit[rows])}</div>\n</section>')  # fmt: skip
    return "\n".join(parts)


def agreement_table_html(
    agreement: pd.DataFrame,
    *,
    names: Mapping[str, str] | None = None,
    words: tuple[str, str, str, str] = ("year", "history run", "baseline", "difference"),
) -> str:
    """The agreement table: one row per year, per measure the history run, the baseline and their difference.

    ``names`` gives the measures' headings (default: the overview's labels) and ``words`` the
    other headings, so the dashboards can pass their language's. Everything is escaped.

    Example:
        >>> agreement = pd.DataFrame({"year": [2014, 2015], "measure": "unemployment_rate_15_75",
        ...     "history": [8.1, 7.6], "baseline": [8.0, 7.7], "difference": [-0.1, 0.1]})
        >>> table = agreement_table_html(agreement, names={"unemployment_rate_15_75": "<u>"})
        >>> "&lt;u&gt;" in table, '<td class="number">-0.10</td>' in table, table.count("<tr>")
        (True, True, 4)
    """
    measures = list(pd.unique(agreement["measure"]))
    names = {m: label(m) for m in measures} | dict(names or {})
    year, history, baseline, difference = (html.escape(w) for w in words)
    top = "".join(f'<th scope="colgroup" colspan="3">{html.escape(str(names.get(m, m)))}</th>' for m in measures)
    sub = "".join(f'<th scope="col" class="number">{history}</th><th scope="col" class="number">{baseline}</th>'
                  f'<th scope="col" class="number">{difference}</th>' for _ in measures)  # fmt: skip
    wide = agreement.pivot_table(index="year", columns="measure", values=["history", "baseline", "difference"], aggfunc="first")
    rows = []
    for when in wide.index:
        cells = "".join(
            f'<td class="number">{_agreement_number(m, wide.loc[when, ("history", m)])}</td>'
            f'<td class="number">{_agreement_number(m, wide.loc[when, ("baseline", m)])}</td>'
            f'<td class="number">{_agreement_number(m, wide.loc[when, ("difference", m)], signed=True)}</td>'
            for m in measures
        )
        rows.append(f'<tr><th scope="row">{int(when)}</th>{cells}</tr>')
    body = "\n".join(rows)
    return (f'<table class="agreement">\n<thead><tr><th scope="col" rowspan="2">{year}</th>{top}</tr>\n'
            f"<tr>{sub}</tr></thead>\n<tbody>\n{body}\n</tbody>\n</table>")  # fmt: skip


def _comparable(fit: pd.DataFrame) -> pd.Series:
    """Targets with a model counterpart (status not "not comparable" and a model value)."""
    comparable = fit["status"].ne(NOT_COMPARABLE)
    if "model_mean" in fit.columns:
        comparable &= fit["model_mean"].notna()
    return comparable


def _misses(fit: pd.DataFrame) -> pd.Series:
    """Not comparable, or comparable but not (known to be) within the band."""
    return ~_comparable(fit) | ~fit["within"].eq(True)


def _has_text(value: object) -> bool:
    """True for a non-blank string; NaN, None and whitespace count as no explanation."""
    return isinstance(value, str) and bool(value.strip())


def _number(value: object, reference: object = None) -> str:
    """Enough digits to compare a model value with its target, whatever the unit.

    The decimals follow ``reference`` (the target value) when given, so the figure, its
    band and the model value of one target line up.

    Example:
        >>> [_number(v) for v in (5470.0, 60.94, 3.237, float("nan"))]
        ['5,470', '60.9', '3.24', 'n/a']
        >>> _number(9.0, reference=10.0), _number(9.0)
        ('9.0', '9.00')
    """
    if _isnan(value):
        return "n/a"
    number = float(value)  # type: ignore[arg-type]
    size = abs(number) if _isnan(reference) else abs(float(reference))  # type: ignore[arg-type]
    if size >= 100:
        return f"{number:,.0f}"
    if size >= 10:
        return f"{number:.1f}"
    return f"{number:.2f}"


def _z(value: object) -> str:
    """A signed z with two decimals, or n/a."""
    if value is None or pd.isna(value):
        return "n/a"
    return f"{float(value):+.2f}"


def _table_row(row: Any, miss: bool) -> str:
    """One ``<tr>`` of the fit table (all text escaped)."""
    status = str(row.status)
    comparable = status != NOT_COMPARABLE and not _isnan(row.model_mean)
    unit = html.escape(str(getattr(row, "unit", "")))
    ref = row.value
    value = f'{_number(ref)} <span class="unit">{unit}</span>'
    band = f"{_number(row.low, ref)} to {_number(row.high, ref)}"
    if comparable:
        model = (f"{_number(row.model_mean, ref)} ({_number(row.model_p5, ref)}"
                 f" to {_number(row.model_p95, ref)})")
        start = getattr(row, "start_z", float("nan"))
        z = _z(row.z)
        if not _isnan(start):
            z += f'<br><span class="help">start {_z(start)}</span>'
        within = "yes" if not miss else '<strong class="miss">no</strong>'
        css = "outside" if miss else "within"
    else:
        model, z, within, css = "n/a", "n/a", "n/a", "not-comparable"
    explanation = getattr(row, "explanation", "")
    if _has_text(explanation):
        why = html.escape(str(explanation).strip())
    elif miss:
        why = '<strong class="unexplained">unexplained</strong>'
    else:
        why = ""
    target = (f'{html.escape(str(getattr(row, "label", "")))}<br>'
              f'<span class="code">{html.escape(str(row.target))}</span>')
    cells = (
        f'<th scope="row">{target}</th>',
        f"<td>{html.escape(str(getattr(row, 'period', '')))}</td>",
        f'<td class="number">{value}</td>',
        f'<td class="number">{band}</td>',
        f'<td class="number">{model}</td>',
        f'<td class="number">{z}</td>',
        f"<td>{within}</td>",
        f"<td>{html.escape(status)}</td>",
        f"<td>{html.escape(str(getattr(row, 'run', '')))}</td>",
        f"<td>{why}</td>",
    )
    return f'<tr class="{css}">' + "".join(cells) + "</tr>"


def _isnan(value: object) -> bool:
    """True for None and NaN (pandas' missing values), False for anything else."""
    try:
        return value is None or math.isnan(float(value))
    except (TypeError, ValueError):
        return False


def _difference_unit(measure: str) -> str:
    """The unit of a difference of annual means: percentage points, vacancies per unemployed or persons."""
    return "percentage points" if measure.startswith(_RATE_PREFIXES) else _Y_TITLES.get(measure, "persons")


def _agreement_number(measure: str, value: object, *, signed: bool = False) -> str:
    """Rates in % with two decimals, tightness with three, counts whole.

    Example:
        >>> _agreement_number("tightness", 0.1234), _agreement_number("ww", -12.4, signed=True)
        ('0.123', '-12')
    """
    if _isnan(value):
        return "n/a"
    digits = 2 if measure.startswith(_RATE_PREFIXES) else 3 if measure == "tightness" else 0
    return f"{float(value):{'+' if signed else ''},.{digits}f}"  # type: ignore[arg-type]

