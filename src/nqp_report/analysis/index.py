"""Observations indexed once by (region, indicator), and the one rule for the preferred row of a year."""

from __future__ import annotations

from collections import defaultdict

from ..data import Dataset, Observation


def preferred_observation(rows: list[Observation]) -> Observation:
    """Return the row shown for one region, indicator and year: the one marked preferred, else the first."""
    return next((o for o in rows if o.preferred), rows[0])


def chosen_year(years, not_after: int | None, strict: bool = True) -> int | None:
    """Return the year whose value is shown: the latest not after ``not_after``.

    When no year is at or before ``not_after``: None if ``strict`` (an explicit reference
    year is a cap), else the latest year (an implicit basis, such as the target's own year).
    """
    years = list(years)
    eligible = [y for y in years if not_after is None or y <= not_after]
    if eligible:
        return max(eligible)
    return None if strict or not years else max(years)


class ObservationIndex:
    """The observations of a dataset grouped by (region, indicator) and by indicator, built in one pass.

    ``not_after`` is the reference year: :meth:`latest` never returns a later year.
    """

    def __init__(self, dataset: Dataset, not_after: int | None = None):
        self.dataset = dataset
        self.not_after = not_after
        pairs: dict[tuple[str, str], list[Observation]] = defaultdict(list)
        by_indicator: dict[str, list[Observation]] = defaultdict(list)
        for o in dataset.observations:
            pairs[(o.region, o.indicator)].append(o)
            by_indicator[o.indicator].append(o)
        self._pairs = {k: sorted(v, key=lambda o: (o.year, not o.preferred, o.row)) for k, v in pairs.items()}
        self._by_indicator = dict(by_indicator)

    def rows(self, region: str, indicator: str) -> list[Observation]:
        """Return one region's observations of one indicator, oldest year first, preferred first within a year."""
        return self._pairs.get((region, indicator), [])

    def of_indicator(self, indicator: str) -> list[Observation]:
        """Return every observation of one indicator, in file order."""
        return self._by_indicator.get(indicator, [])

    def indicators_of(self, region: str) -> set[str]:
        """Return the ids of the indicators a region has values for."""
        return {ind for (r, ind) in self._pairs if r == region}

    def by_year(self, region: str, indicator: str) -> dict[int, Observation]:
        """Return the preferred observation of each year a region has for an indicator, oldest first."""
        years: dict[int, list[Observation]] = defaultdict(list)
        for o in self.rows(region, indicator):
            years[o.year].append(o)
        return {y: preferred_observation(rows) for y, rows in years.items()}

    def latest(self, region: str, indicator: str, not_after: int | None = None) -> Observation | None:
        """Return the preferred observation of the latest year not after ``not_after`` (default: the
        index's reference year); None when there is none."""
        years = self.by_year(region, indicator)
        year = chosen_year(years, not_after if not_after is not None else self.not_after)
        return None if year is None else years[year]


def reference_year_error(dataset: Dataset, year: int | None) -> str | None:
    """Return why ``year`` cannot be a reference year (earlier than every value), or None when it can."""
    first = min((o.year for o in dataset.observations), default=None)
    if year is None or first is None or year >= first:
        return None
    return f"参照年份 {year} 早于数据中最早的年份 {first}，该年及此前没有任何数值；请给出 {first} 年或以后的年份"
