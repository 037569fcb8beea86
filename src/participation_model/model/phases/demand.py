"""Phase 3, labour demand: desired headcount from the demand path, vacancies from the gap.

Each employer group wants ``base headcount x jobs index of its location x sector trend``
(times an extra trend for the groups inside the region, parameter ``demand.regional_trend``,
0 by default: the uncertainty of the demand path for sensitivity analyses);
its open vacancies are the part of that it has not filled. Separations in phase 2 therefore
open replacement vacancies at once, and a falling demand path closes vacancies first and
then, through the excess headcount, drives extra layoffs in phase 2 of the next month.
"""

from __future__ import annotations


def labour_demand(m) -> None:
    m.employers.update_demand(m.year_fraction, m.start_year_fraction, m.t, m.params["demand.regional_trend"])
    m.employers.open_vacancies()
