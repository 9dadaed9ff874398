"""Periods written as the documents write them, and paces over them (shared by sections)."""

from __future__ import annotations

import re

from analysis.core.uncertainty import Estimate


def period_years(period: str) -> tuple[int, int] | None:
    """First and last year of a period: ``"2016-2018"`` → (2016, 2018); ``"2020"`` →
    (2020, 2020); ``"01/01/2020"`` → (2020, 2020); None if no year is written."""
    years = [int(y) for y in re.findall(r"(?<!\d)((?:19|20)\d{2})(?!\d)", period or "")]
    if not years:
        return None
    return min(years), max(years)


def annual_pace(count: Estimate, period: str) -> Estimate:
    """Count per year over the period (both ends included).

    Raises
    ------
    ValueError
        If the period has no year.
    """
    span = period_years(period)
    if span is None:
        raise ValueError(f"période sans année : {period!r}")
    return count.scaled(1 / (span[1] - span[0] + 1))


def required_pace(target_total: Estimate, first_year: int, last_year: int) -> Estimate:
    """Yearly pace that reaches ``target_total`` over ``first_year``..``last_year``."""
    if last_year < first_year:
        raise ValueError(f"période vide : {first_year}-{last_year}")
    return target_total.scaled(1 / (last_year - first_year + 1))


def start_of_remaining_work(report_year: int, target_year: int,
                            base_year: int | None = None) -> int:
    """First year of the work still to do: the target's base year if stated, else the year
    after the report (the report describes the year so far), but never after the target."""
    if base_year is not None:
        return base_year
    return min(report_year + 1, target_year)


def latest_not_after(by_year: dict, year: int):
    """The value of the latest key not after ``year`` (files by vintage), or None."""
    usable = [v for v in by_year if v <= year]
    return by_year[max(usable)] if usable else None
