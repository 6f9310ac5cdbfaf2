"""Field readers: lenient in form, strict in meaning."""

from datetime import UTC, date, datetime
from typing import Any

import pytest

from custom_components.timetrack.api import TimeTrackUnrecognizedError
from custom_components.timetrack.api.values import (
    count,
    day,
    flag,
    moment,
    number,
    pick,
    text,
    unrecognized,
)

from .bodies import VIENNA


def test_unrecognized_names_the_field_only() -> None:
    err = unrecognized("workedSeconds")
    assert isinstance(err, TimeTrackUnrecognizedError)
    assert str(err) == "unreadable field workedSeconds"


def test_pick() -> None:
    data = {"a": None, "b": 0, "c": "x"}
    assert pick(data, "a", "b", "c") == 0
    assert pick(data, "a", "c") == "x"
    assert pick(data, "a", "missing") is None
    assert pick({}, "a") is None


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Anna", "Anna"),
        ("  Anna Berger ", "Anna Berger"),
        ("", None),
        ("   ", None),
        (None, None),
        (42, "42"),
        (0, "0"),
        (True, None),
        (1.5, None),
        (["a"], None),
        ({"name": "a"}, None),
    ],
)
def test_text(value: Any, expected: str | None) -> None:
    assert text(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (3, 3.0),
        (-2.5, -2.5),
        ("120", 120.0),
        (" 30 ", 30.0),
        ("1,5", 1.5),
        ("1e3", 1000.0),
        (None, None),
        ("", None),
    ],
)
def test_number_reads_numbers_and_numeric_text(
    value: Any, expected: float | None
) -> None:
    assert number(value, "n") == expected


@pytest.mark.parametrize(
    "value",
    [
        True,
        False,
        "abc",
        "1.000,5",
        "nan",
        "inf",
        float("nan"),
        float("-inf"),
        "1e999",
        10**400,
        [1],
        {"v": 1},
        " ",
    ],
)
def test_number_refuses_what_is_no_number(value: Any) -> None:
    with pytest.raises(TimeTrackUnrecognizedError, match="hourRate"):
        number(value, "hourRate")
    assert number(value, "hourRate", strict=False) is None


@pytest.mark.parametrize(
    ("value", "expected"),
    [(None, 0), ("", 0), (0, 0), ("90", 90), (12.9, 12), ("12.9", 12), (-0.0, 0)],
)
def test_count(value: Any, expected: int) -> None:
    assert count(value, "workedMinutes") == expected


def test_count_refuses_what_is_no_number() -> None:
    """A negative duration, and "1,234" (1.234 or 1234?), used to be bent into
    0 and 1; they are refused like any other value that is no duration."""
    for value in ("an hour", True, [3], float("nan"), -5, "-120", "1,234", "1,5"):
        with pytest.raises(TimeTrackUnrecognizedError, match="workedMinutes"):
            count(value, "workedMinutes")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (True, True),
        (False, False),
        (1, True),
        (0, False),
        (1.0, True),
        ("true", True),
        (" TRUE ", True),
        ("1", True),
        ("yes", True),
        ("false", False),
        ("0", False),
        ("No", False),
        (None, None),
    ],
)
def test_flag(value: Any, expected: bool | None) -> None:
    assert flag(value, "playing") is expected


@pytest.mark.parametrize("value", [2, -1, 0.5, "", "maybe", "on", [True], {}])
def test_flag_refuses_what_is_no_flag(value: Any) -> None:
    with pytest.raises(TimeTrackUnrecognizedError, match="playing"):
        flag(value, "playing")


def test_moment() -> None:
    expected = datetime(2024, 5, 6, 9, 0, tzinfo=VIENNA)
    assert moment("2024-05-06T09:00:00.000Z", VIENNA, "startedAt") == expected
    assert moment("2024-05-06T09:00:00", VIENNA, "startedAt") == expected
    assert moment("2024-05-06T09:00:00+02:00", VIENNA, "startedAt") == expected
    assert moment(None, VIENNA, "startedAt") is None
    assert moment("", VIENNA, "startedAt") is None
    for value in ("garbage", "2024-13-01T00:00:00Z", 1714986000, True, ["x"]):
        with pytest.raises(TimeTrackUnrecognizedError, match="startedAt"):
            moment(value, VIENNA, "startedAt")


def test_day() -> None:
    assert day("2024-05-06", VIENNA, "workDate") == date(2024, 5, 6)
    assert day("2024-05-06T00:00:00.000Z", UTC, "workDate") == date(2024, 5, 6)
    for value in (None, "", "yesterday", 20240506, "2024-02-30"):
        with pytest.raises(TimeTrackUnrecognizedError, match="workDate"):
            day(value, VIENNA, "workDate")


def test_errors_never_carry_the_value() -> None:
    secret = "sim-demo-api-secret-4b8d2e6f"
    for call in (
        lambda: number(secret, "n"),
        lambda: flag(secret, "f"),
        lambda: moment(secret, VIENNA, "m"),
        lambda: day(secret, VIENNA, "d"),
    ):
        with pytest.raises(TimeTrackUnrecognizedError) as err:
            call()
        assert secret not in str(err.value)
        assert secret not in repr(err.value)
