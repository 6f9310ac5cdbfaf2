"""The wire timestamp rules."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from simulator.timestamps import (
    format_date,
    format_timestamp,
    parse_bound,
    parse_day,
    parse_timestamp,
    wall_clock,
)


@pytest.mark.parametrize(
    "text",
    [
        "2024-05-06T09:30:15.000Z",
        "2024-05-06T09:30:15Z",
        "2024-05-06T09:30:15",
        "2024-05-06T09:30:15.123456Z",
        "2024-05-06T09:30:15+02:00",
        "2024-05-06T09:30:15.5-05:00",
        "2024-05-06T09:30:15+0200",
    ],
)
def test_parse_keeps_the_wall_clock(text: str) -> None:
    assert parse_timestamp(text) == datetime(2024, 5, 6, 9, 30, 15)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "2024-05-06",
        "2024-05-06 09:30:15",
        "2024-13-06T09:30:15Z",
        "2024-05-06T25:00:00Z",
        "2024-05-06T09:30:15.Z",
        "2024-05-06T09:30:15z",
        "yesterday",
    ],
)
def test_parse_refuses(text: str) -> None:
    with pytest.raises(ValueError, match=r"timestamp|range|must be"):
        parse_timestamp(text)


def test_format() -> None:
    moment = datetime(2024, 5, 6, 9, 5, 7)
    assert format_timestamp(moment) == "2024-05-06T09:05:07.000Z"
    assert format_date(moment.date()) == "2024-05-06"
    aware = datetime(2024, 5, 6, 9, 5, 7, 999, tzinfo=UTC)
    assert wall_clock(aware) == moment


def test_days_and_bounds() -> None:
    assert parse_day("2024-05-06") == date(2024, 5, 6)
    assert parse_day("2024-05-06T23:00:00.000Z") == date(2024, 5, 6)
    assert parse_bound("2024-05-06", end=False) == datetime(2024, 5, 6)
    assert parse_bound("2024-05-06", end=True) == datetime(2024, 5, 6, 23, 59, 59)
    assert parse_bound("2024-05-06T10:00:00Z", end=True) == datetime(2024, 5, 6, 10)
    with pytest.raises(ValueError, match="timestamp"):
        parse_day("06.05.2024")
