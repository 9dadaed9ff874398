"""The one sentence a page uses to date itself, never the day it was built.

Two builds of the same inputs must publish the same bytes (issue 20): a page therefore states
either the build date fixed by ``SOURCE_DATE_EPOCH`` (the reproducible-builds convention:
seconds since 1970, UTC) or the stated date of its data (the latest ``published`` date of the
sources it uses, ``data/sources.csv``). ``date.today()`` is never read.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Iterable, Mapping

FRENCH_MONTHS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
                 "septembre", "octobre", "novembre", "décembre")
NO_DATE = "Date des données non précisée"
_ISO = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


def source_date_epoch_time(environ: Mapping[str, str] | None = None) -> dt.datetime | None:
    """``SOURCE_DATE_EPOCH`` as a UTC date and time (without its zone), or None when it is
    not set (or empty): the one reading of it for pages, workbook and PDFs.

    Raises
    ------
    ValueError
        If ``SOURCE_DATE_EPOCH`` is not a whole number of seconds.
    """
    raw = (os.environ if environ is None else environ).get("SOURCE_DATE_EPOCH", "").strip()
    if not raw:
        return None
    if not raw.isdigit():
        raise ValueError(f"SOURCE_DATE_EPOCH doit être un nombre entier de secondes, "
                         f"pas « {raw} »")
    return dt.datetime.fromtimestamp(int(raw), tz=dt.UTC).replace(tzinfo=None)


def source_date_epoch(environ: Mapping[str, str] | None = None) -> dt.date | None:
    """The day (UTC) of ``SOURCE_DATE_EPOCH``, or None when it is not set (or empty)."""
    moment = source_date_epoch_time(environ)
    return None if moment is None else moment.date()


def _parts(data_date: str) -> tuple[int, int | None, int | None]:
    """Year, month and day of an ISO date (``2021-10-22``, ``2025-11`` or ``2023``).

    Raises
    ------
    ValueError
        If the text is not such a date, or not a day of the calendar.
    """
    match = _ISO.fullmatch(data_date.strip())
    if match is None:
        raise ValueError(f"date des données illisible : « {data_date} » "
                         f"(attendu AAAA-MM-JJ, AAAA-MM ou AAAA)")
    year, month, day = (int(g) if g else None for g in match.groups())
    try:
        dt.date(year, month or 1, day or 1)
    except ValueError:
        raise ValueError(f"date des données impossible : « {data_date} »") from None
    return year, month, day


def _data_phrase(data_date: str) -> str:
    """« Données arrêtées au 22/10/2021 », « … en novembre 2025 », « … en 2023 »."""
    year, month, day = _parts(data_date)
    if day is not None:
        return f"Données arrêtées au {day:02d}/{month:02d}/{year}"
    if month is not None:
        return f"Données arrêtées en {FRENCH_MONTHS[month - 1]} {year}"
    return f"Données arrêtées en {year}"


def date_line(data_date: str | None = None, *,
              environ: Mapping[str, str] | None = None) -> str:
    """The French sentence that dates a page (no final full stop).

    With ``SOURCE_DATE_EPOCH`` set: « Construit le JJ/MM/AAAA » (its UTC day). Otherwise the
    stated date of the data, ``data_date`` (ISO: ``AAAA-MM-JJ``, ``AAAA-MM`` or ``AAAA``):
    « Données arrêtées au JJ/MM/AAAA » (« en novembre 2025 », « en 2023 » for a month or a
    year); without it, :data:`NO_DATE`. ``environ`` replaces ``os.environ`` (tests).

    Raises
    ------
    ValueError
        If ``SOURCE_DATE_EPOCH`` or ``data_date`` cannot be read.
    """
    built = source_date_epoch(environ)
    if built is not None:
        return f"Construit le {built:%d/%m/%Y}"
    if data_date is None or not data_date.strip():
        return NO_DATE
    return _data_phrase(data_date)


def latest_date(dates: Iterable[str | None]) -> str | None:
    """The latest of ISO dates (``2021-10-22``, ``2025-11``, ``2023``), blanks and
    unreadable texts skipped (a ``published`` column is free text); None if none is read.
    A month counts as its first day and a year as its 1st of January."""
    best, best_key = None, None
    for text in dates:
        if text is None or not str(text).strip():
            continue
        try:
            year, month, day = _parts(str(text))
        except ValueError:
            continue
        key = (year, month or 1, day or 1)
        if best_key is None or key > best_key:
            best, best_key = str(text).strip(), key
    return best
