"""The run dashboard's programmes tab: participants over time, starts and hires per year, spending by stream.

Made from a run folder's ``interventions`` table (one row per replication, month,
intervention and measure; only for scenarios with interventions). Counts are summed per
replication and then averaged over replications, so a table row is what one run expects. The
participant counts are those of ``measure_catalogue.PARTICIPANT_COUNTS``, named by them: the
comparison's tables show the same numbers under the same names.

Example:
    >>> iv = pd.DataFrame({"replication": 0, "month": ["2015-01", "2015-02"], "intervention": "jsa",
    ...     "type": "x", "measure": "participants_in_programme", "value": [5.0, 6.0]})
    >>> [s.key for s in programme_sections(iv)]
    ['in-programme']
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from participation_model.reports.blocks import Section, plain, table_html
from participation_model.reports.dashboard.labels import measure_label, number, stream_label, text

#: The yearly flows of the enrolments chart and the run table's counts (``PARTICIPANT_COUNTS``).
FLOWS = ("participants_started", "hired_under_scheme")
TOTALS = ("participants_started", "enrolled", "participants_completed", "hired_under_scheme", "spending")
from participation_model.reports.style import PALETTE, bands_figure, house_style


def _wide(interventions: pd.DataFrame, measure: str) -> tuple[pd.DataFrame, list[str], list[str]]:
    """One measure of the interventions table, wide: a column per intervention (``i0``, ``i1``...)."""
    order = list(pd.unique(interventions["intervention"]))
    rows = interventions[interventions["measure"] == measure]
    wide = rows.pivot_table(index=["replication", "month"], columns="intervention", values="value", aggfunc="sum")
    present = [name for name in order if name in wide.columns]
    wide = wide[present]
    wide.columns = [f"i{order.index(name)}" for name in present]
    return wide.reset_index(), list(wide.columns), [plain(name) for name in present]


def _per_replication(interventions: pd.DataFrame, measures: Sequence[str], by: Sequence[str]) -> pd.DataFrame:
    """Sum of ``measures`` per replication and ``by``, then the mean over replications (wide by measure)."""
    rows = interventions[interventions["measure"].isin(list(measures))].copy()
    rows["year"] = rows["month"].astype(str).str[:4].astype(int)
    total = rows.groupby(["replication", *by, "measure"], sort=False)["value"].sum()
    return total.groupby([*by, "measure"], sort=False).mean().unstack("measure")


def programme_sections(interventions: pd.DataFrame, lang: str = "en") -> list[Section]:
    """Participants over time, participants started and hired under the scheme per year, spending by stream.

    Example:
        >>> iv = pd.DataFrame({"replication": 0, "month": ["2015-01", "2015-02"], "intervention": "jsa",
        ...     "type": "x", "measure": "participants_in_programme", "value": [5.0, 6.0]})
        >>> [s.key for s in programme_sections(iv)]
        ['in-programme']
    """
    sections = []
    measures = set(interventions["measure"])
    if "participants_in_programme" in measures:
        wide, columns, names = _wide(interventions, "participants_in_programme")
        figure = bands_figure(wide, columns, names, title=text("fig_in_programme", lang), y_title=text("persons", lang), lang=lang)
        sections.append(Section("in-programme", text("fig_in_programme", lang), text("help_in_programme", lang), figure))
    flows = [m for m in FLOWS if m in measures]
    if flows:
        annual = _per_replication(interventions, flows, ["intervention", "year"])
        figure = make_subplots(rows=len(flows), cols=1, shared_xaxes=True, vertical_spacing=0.14,
                               subplot_titles=[measure_label(m, lang) for m in flows])  # fmt: skip
        order = list(pd.unique(interventions["intervention"]))
        for index, name in enumerate(order):
            if name not in annual.index.get_level_values("intervention"):
                continue
            own = annual.xs(name, level="intervention")
            for row, measure in enumerate(flows, start=1):
                if measure not in own.columns:
                    continue
                figure.add_trace(go.Bar(
                    x=own.index.tolist(), y=own[measure].tolist(), name=plain(name), legendgroup=f"i{index}",
                    showlegend=row == 1, marker={"color": PALETTE[index % len(PALETTE)]},
                    hovertemplate=f"{plain(name)}, %{{x}}: %{{y:,.0f}}<extra></extra>",
                ), row=row, col=1)  # fmt: skip
        figure.update_layout(title={"text": text("fig_enrolments", lang)}, barmode="stack", height=300 + 220 * len(flows))
        figure.update_yaxes(title_text=text("persons_per_year", lang))
        figure.update_xaxes(dtick=1)
        sections.append(Section("enrolments", text("fig_enrolments", lang), text("help_enrolments", lang), house_style(figure, lang)))
    streams = sorted(m for m in measures if m.startswith("spending_"))
    if streams:
        total = _per_replication(interventions, streams, ["intervention"])
        order = [name for name in pd.unique(interventions["intervention"]) if name in total.index]
        total = total.loc[order]
        figure = go.Figure()
        for index, stream in enumerate(streams):
            if not total[stream].fillna(0).any():
                continue
            label = stream_label(stream.removeprefix("spending_"), lang)
            figure.add_trace(go.Bar(
                y=[plain(n) for n in total.index], x=total[stream].tolist(), orientation="h", name=label,
                marker={"color": PALETTE[index % len(PALETTE)]}, hovertemplate=f"{label}, %{{y}}: %{{x:,.0f}} EUR<extra></extra>",
            ))  # fmt: skip
        figure.update_layout(title={"text": text("fig_spending_streams", lang)}, barmode="stack",
                             xaxis={"title": {"text": text("eur", lang)}}, yaxis={"autorange": "reversed", "automargin": True})  # fmt: skip
        sections.append(Section("spending-streams", text("fig_spending_streams", lang), text("help_spending_streams", lang),
                                house_style(figure, lang, height=max(420, 140 + 40 * len(total)))))  # fmt: skip
        yearly = _per_replication(interventions, streams, ["year"])
        figure = go.Figure()
        for index, stream in enumerate(streams):
            if not yearly[stream].fillna(0).any():
                continue
            label = stream_label(stream.removeprefix("spending_"), lang)
            figure.add_trace(go.Bar(x=yearly.index.tolist(), y=yearly[stream].tolist(), name=label,
                                    marker={"color": PALETTE[index % len(PALETTE)]},
                                    hovertemplate=f"{label}, %{{x}}: %{{y:,.0f}} EUR<extra></extra>"))  # fmt: skip
        figure.update_layout(title={"text": text("fig_spending_years", lang)}, barmode="stack",
                             xaxis={"title": {"text": text("year", lang)}, "dtick": 1}, yaxis={"title": {"text": text("eur", lang)}})  # fmt: skip
        sections.append(Section("spending-years", text("fig_spending_years", lang), text("help_spending_years", lang), house_style(figure, lang)))
    return sections


def programme_table_html(interventions: pd.DataFrame, lang: str = "en") -> str:
    """Per intervention: type, the participant counts and spending over the run (means over replications).

    Example:
        >>> iv = pd.DataFrame({"replication": 0, "month": "2015-01", "intervention": "<x>", "type": "t",
        ...     "measure": ["participants_started", "spending"], "value": [5.0, 7000.0]})
        >>> "&lt;x&gt;" in programme_table_html(iv), "7,000" in programme_table_html(iv)
        (True, True)
    """
    measures = TOTALS
    total = _per_replication(interventions, measures, ["intervention"])
    types = interventions.drop_duplicates("intervention").set_index("intervention")["type"]
    rows = [
        [str(name), str(types.get(name, "")),
         *(number(total.loc[name, m], 0, lang) if name in total.index and m in total.columns else text("not_available", lang) for m in measures)]
        for name in pd.unique(interventions["intervention"])
    ]  # fmt: skip
    headings = [text("intervention", lang), text("type", lang), *(measure_label(m, lang) for m in measures[:-1]),
                f"{text('spending', lang)} ({text('eur', lang)})"]  # fmt: skip
    return table_html(headings, rows, numeric=[False, False, *(True for _ in measures)])
