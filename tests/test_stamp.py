"""Unit tests of analysis.core.stamp: the sentence that dates a page. Expected strings are
written by hand (1 700 000 000 s after 1970-01-01 UTC is 2023-11-14 22:13:20 UTC)."""

from __future__ import annotations

import datetime as dt

import pytest

from analysis.core import stamp


def test_source_date_epoch_wins_over_the_data_date():
    env = {"SOURCE_DATE_EPOCH": "1700000000"}
    assert stamp.date_line("2021-10-22", environ=env) == "Construit le 14/11/2023"
    assert stamp.date_line(environ=env) == "Construit le 14/11/2023"


def test_source_date_epoch_is_read_in_utc():
    # 1 700 006 399 s = 2023-11-14 23:59:59 UTC (already the 15th in Paris)
    assert stamp.date_line(environ={"SOURCE_DATE_EPOCH": "1700006399"}) == \
        "Construit le 14/11/2023"
    assert stamp.date_line(environ={"SOURCE_DATE_EPOCH": "0"}) == "Construit le 01/01/1970"


@pytest.mark.parametrize("data_date, expected", [
    ("2021-10-22", "Données arrêtées au 22/10/2021"),
    ("2021-02-02", "Données arrêtées au 02/02/2021"),
    ("2025-11", "Données arrêtées en novembre 2025"),
    ("2023-08", "Données arrêtées en août 2023"),
    ("2023", "Données arrêtées en 2023"),
    (" 2022-12 ", "Données arrêtées en décembre 2022"),
])
def test_without_source_date_epoch_the_data_date_is_stated(data_date, expected):
    assert stamp.date_line(data_date, environ={}) == expected


def test_an_empty_source_date_epoch_counts_as_unset():
    assert stamp.date_line("2023", environ={"SOURCE_DATE_EPOCH": " "}) == \
        "Données arrêtées en 2023"


@pytest.mark.parametrize("data_date", [None, "", "  "])
def test_no_date_at_all_says_so_and_never_reads_the_clock(data_date, monkeypatch):
    class NoToday(dt.date):
        @classmethod
        def today(cls):
            raise AssertionError("date.today() lue")
    monkeypatch.setattr(dt, "date", NoToday)
    assert stamp.date_line(data_date, environ={}) == "Date des données non précisée"


def test_the_process_environment_is_read_by_default(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    assert stamp.date_line("2023") == "Construit le 14/11/2023"
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    assert stamp.date_line("2023") == "Données arrêtées en 2023"


@pytest.mark.parametrize("raw", ["demain", "1.5", "-3"])
def test_a_bad_source_date_epoch_is_refused(raw):
    with pytest.raises(ValueError) as err:
        stamp.date_line(environ={"SOURCE_DATE_EPOCH": raw})
    assert str(err.value) == \
        f"SOURCE_DATE_EPOCH doit être un nombre entier de secondes, pas « {raw} »"


def test_an_unreadable_data_date_is_refused():
    with pytest.raises(ValueError) as err:
        stamp.date_line("22/10/2021", environ={})
    assert str(err.value) == ("date des données illisible : « 22/10/2021 » "
                              "(attendu AAAA-MM-JJ, AAAA-MM ou AAAA)")


def test_an_impossible_data_date_is_refused():
    with pytest.raises(ValueError) as err:
        stamp.date_line("2023-02-30", environ={})
    assert str(err.value) == "date des données impossible : « 2023-02-30 »"
    with pytest.raises(ValueError, match="impossible : « 2023-13 »"):
        stamp.date_line("2023-13", environ={})


def test_latest_date_compares_dates_not_texts():
    assert stamp.latest_date(["2021-10-22", "2025-11", "2023", "2021-02-02"]) == "2025-11"
    assert stamp.latest_date(["2025-11-05", "2025-11"]) == "2025-11-05"
    assert stamp.latest_date(["2024", "2023-12-31"]) == "2024"


def test_latest_date_skips_blanks_and_free_text():
    assert stamp.latest_date(["", None, "INSEE", "2022-09", "DHUP / ANIL"]) == "2022-09"
    assert stamp.latest_date(["", None, "non datée"]) is None
    assert stamp.latest_date([]) is None
