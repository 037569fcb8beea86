"""The note under every gemeente chart: which gemeente figures are local, estimates or allocated.

Without local figures the region file's totals are allocated to the gemeenten by population
share, so differences between gemeenten in those figures come from the model, not from data.
The note says so, in English or Dutch, from either the run folder's ``gemeente_basis.csv``
(one row per gemeente and figure) or the ``basis`` column of the comparison's ``gemeenten``
table (one summary per gemeente, ``"local: population, ao; allocated: ww, ..."``).

Example:
    >>> rows = [("Pekela", "population", "estimate"), ("Pekela", "ao", "local"), ("Pekela", "ww", "allocated"),
    ...         ("Oldambt", "population", "local"), ("Oldambt", "ao", "allocated"), ("Oldambt", "ww", "allocated")]
    >>> print(basis_note(rows, "en"))
    Gemeente figures: local: population (Oldambt), AO (Pekela); estimate: population (Pekela); allocated by population share (the region's figure, so differences between gemeenten come from the model, not from local data): WW, AO (Oldambt).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import pandas as pd

from participation_model.reports.dashboard.labels import check_language

#: The figures of the basis table, in English and Dutch.
FIGURE_WORDS: Mapping[str, tuple[str, str]] = {
    "population": ("population", "bevolking"),
    "population_by_age": ("age structure", "leeftijdsopbouw"),
    "ww": ("WW", "WW"),
    "bijstand": ("bijstand", "bijstand"),
    "ao": ("AO", "AO"),
    "wsw": ("Wsw", "Wsw"),
    "netto_participation": ("netto participation", "netto arbeidsparticipatie"),
    "bruto_participation": ("bruto participation", "bruto arbeidsparticipatie"),
    "commuting": ("commuting", "pendel"),
}
BASIS_WORDS: Mapping[str, tuple[str, str]] = {
    "local": ("local", "lokaal"),
    "estimate": ("estimate", "schatting"),
    "allocated": (
        "allocated by population share (the region's figure, so differences between gemeenten come from the model, not from local data)",
        "verdeeld naar bevolkingsaandeel (het regiocijfer: verschillen tussen gemeenten komen uit het model, niet uit lokale data)",
    ),
}
HEAD = ("Gemeente figures", "Gemeentecijfers")
NO_BASIS = ("Gemeente figures: not recorded for this folder (made before the basis table); then every gemeente figure is the region's, allocated by population share.",
            "Gemeentecijfers: niet vastgelegd in deze map (gemaakt voor de basistabel); dan is elk gemeentecijfer het regiocijfer, verdeeld naar bevolkingsaandeel.")  # fmt: skip


def triples_from_table(table: pd.DataFrame | None) -> list[tuple[str, str, str]]:
    """``(gemeente, figure, basis)`` from a ``gemeente_basis`` table (none when it is missing)."""
    if table is None or table.empty or not {"gemeente", "figure", "basis"} <= set(table.columns):
        return []
    return [(str(g), str(f), str(b)) for g, f, b in table[["gemeente", "figure", "basis"]].itertuples(index=False)]


def triples_from_summaries(summaries: Mapping[str, str]) -> list[tuple[str, str, str]]:
    """``(gemeente, figure, basis)`` from per-gemeente summaries like ``"local: population; allocated: ww"``.

    Example:
        >>> triples_from_summaries({"A": "local: population, ao; allocated: ww"})
        [('A', 'population', 'local'), ('A', 'ao', 'local'), ('A', 'ww', 'allocated')]
    """
    out = []
    for gemeente, summary in summaries.items():
        for part in str(summary).split(";"):
            basis, _, figures = part.partition(":")
            out += [(str(gemeente), f.strip(), basis.strip()) for f in figures.split(",") if f.strip()]
    return out


def basis_note(triples: Iterable[tuple[str, str, str]], lang: str = "en") -> str:
    """One sentence: per basis the figures, with the gemeenten when not all share that basis.

    An empty list gives the note for folders made before the basis was recorded.
    """
    i = 0 if check_language(lang) == "en" else 1
    rows = list(triples)
    if not rows:
        return NO_BASIS[i]
    gemeenten = list(dict.fromkeys(g for g, _, _ in rows))
    parts = []
    for basis in BASIS_WORDS:
        figures = []
        order = list(FIGURE_WORDS)
        for figure in sorted(dict.fromkeys(f for _, f, b in rows if b == basis), key=lambda f: order.index(f) if f in order else len(order)):
            members = [g for g, f, b in rows if f == figure and b == basis]
            word = FIGURE_WORDS.get(figure, (figure, figure))[i]
            figures.append(word if len(members) == len(gemeenten) else f"{word} ({', '.join(members)})")
        if figures:
            parts.append(f"{BASIS_WORDS[basis][i]}: {', '.join(figures)}")
    return f"{HEAD[i]}: {'; '.join(parts)}."
