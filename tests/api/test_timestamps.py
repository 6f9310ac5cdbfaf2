"""The one timestamp codec: formats, offsets and both DST transitions."""

from datetime import UTC, date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from hypothesis import given, settings, strategies as st
import pytest

from custom_components.timetrack.api import (
    decode_timestamp,
    encode_date,
    encode_timestamp,
)
from custom_components.timetrack.api.timestamps import decode_date

from .bodies import NEW_YORK, VIENNA

ZONES = [
    UTC,
    VIENNA,
    NEW_YORK,
    ZoneInfo("Europe/London"),
    ZoneInfo("Asia/Kolkata"),
    ZoneInfo("America/St_Johns"),
    ZoneInfo("Australia/Lord_Howe"),  # 30-minute DST shift
    ZoneInfo("Pacific/Chatham"),
    ZoneInfo("America/Sao_Paulo"),  # DST used to start at midnight
    timezone(timedelta(hours=-3, minutes=-30)),
]


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def at_utc(value: datetime) -> datetime:
    """The instant in UTC: == between zones is False in a repeated hour (PEP 495)."""
    return value.astimezone(UTC)


def is_second_pass(instant: datetime, tz: ZoneInfo | timezone) -> bool:
    """Whether the instant is in the repeated hour, its second occurrence."""
    local = instant.astimezone(tz)
    first = local.replace(fold=0)
    return first.utcoffset() != local.utcoffset()


def wall_clock_exists(naive: datetime, tz: ZoneInfo | timezone) -> bool:
    back = naive.replace(tzinfo=tz).astimezone(UTC).astimezone(tz)
    return back.replace(tzinfo=None) == naive


# ---------------------------------------------------------------- encoding


def test_encode_writes_local_wall_clock_with_z() -> None:
    assert encode_timestamp(utc(2024, 7, 1, 12, 0, 0), VIENNA) == (
        "2024-07-01T14:00:00.000Z"
    )
    assert encode_timestamp(utc(2024, 1, 1, 12, 0, 0), VIENNA) == (
        "2024-01-01T13:00:00.000Z"
    )
    assert encode_timestamp(utc(2024, 1, 1, 12, 0, 0), NEW_YORK) == (
        "2024-01-01T07:00:00.000Z"
    )
    assert encode_timestamp(utc(2024, 1, 1, 12, 0, 0), UTC) == (
        "2024-01-01T12:00:00.000Z"
    )


def test_encode_accepts_any_aware_input_and_drops_microseconds() -> None:
    moment = datetime(2024, 7, 1, 8, 0, 5, 999_999, tzinfo=NEW_YORK)
    assert encode_timestamp(moment, VIENNA) == "2024-07-01T14:00:05.000Z"


def test_encode_pads_small_years() -> None:
    assert encode_timestamp(utc(999, 1, 2, 3, 4, 5), UTC) == "0999-01-02T03:04:05.000Z"


def test_encode_rejects_naive() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        encode_timestamp(datetime(2024, 1, 1), VIENNA)


def test_encode_rejects_out_of_range() -> None:
    with pytest.raises(ValueError, match="out of range"):
        encode_timestamp(datetime.max.replace(tzinfo=UTC), VIENNA)


def test_encode_date() -> None:
    assert encode_date(date(2024, 3, 5)) == "2024-03-05"
    assert encode_date(datetime(2024, 3, 5, 23, 59, tzinfo=UTC)) == "2024-03-05"
    assert encode_date(date(5, 1, 1)) == "0005-01-01"


# ---------------------------------------------------------------- decoding


@pytest.mark.parametrize(
    "text",
    [
        "2024-07-01T14:00:00.000Z",
        "2024-07-01T14:00:00Z",
        "2024-07-01T14:00:00",
        "2024-07-01T14:00:00.000",
        "2024-07-01T14:00:00z",
        "2024-07-01 14:00:00Z",
        "  2024-07-01T14:00:00.000Z \n",
        "2024-07-01T14:00Z",
        "2024-07-01T14:00",
    ],
)
def test_decode_wall_clock_forms(text: str) -> None:
    result = decode_timestamp(text, VIENNA)
    assert result == datetime(2024, 7, 1, 14, 0, tzinfo=VIENNA)
    assert result.tzinfo is VIENNA
    assert result.astimezone(UTC) == utc(2024, 7, 1, 12, 0)


@pytest.mark.parametrize(
    ("text", "microsecond"),
    [
        ("2024-07-01T14:00:00.5Z", 500_000),
        ("2024-07-01T14:00:00.123Z", 123_000),
        ("2024-07-01T14:00:00.123456Z", 123_456),
        ("2024-07-01T14:00:00.123456789Z", 123_456),
        ("2024-07-01T14:00:00,25", 250_000),
    ],
)
def test_decode_any_fraction_digits(text: str, microsecond: int) -> None:
    result = decode_timestamp(text, VIENNA)
    assert result == datetime(2024, 7, 1, 14, 0, 0, microsecond, tzinfo=VIENNA)


@pytest.mark.parametrize(
    ("text", "instant"),
    [
        ("2024-07-01T14:00:00+02:00", utc(2024, 7, 1, 12, 0)),
        ("2024-07-01T14:00:00.000+02:00", utc(2024, 7, 1, 12, 0)),
        ("2024-07-01T14:00:00+0200", utc(2024, 7, 1, 12, 0)),
        ("2024-07-01T14:00:00+02", utc(2024, 7, 1, 12, 0)),
        ("2024-07-01T14:00:00-05:00", utc(2024, 7, 1, 19, 0)),
        ("2024-07-01T14:00:00+00:00", utc(2024, 7, 1, 14, 0)),
        ("2024-07-01T14:00:00+05:30", utc(2024, 7, 1, 8, 30)),
    ],
)
def test_decode_explicit_offset_is_a_real_instant(text: str, instant: datetime) -> None:
    result = decode_timestamp(text, NEW_YORK)
    assert result == instant
    assert result.tzinfo is NEW_YORK


def test_decode_date_only_is_local_midnight() -> None:
    result = decode_timestamp("2024-07-01", VIENNA)
    assert result == datetime(2024, 7, 1, 0, 0, tzinfo=VIENNA)
    assert result.tzinfo is VIENNA


def test_decode_date_only_in_a_midnight_gap_moves_forward() -> None:
    # Sao Paulo sprang forward at midnight on 2018-11-04: 00:00 never happened.
    sao_paulo = ZoneInfo("America/Sao_Paulo")
    result = decode_timestamp("2018-11-04", sao_paulo)
    assert (result.hour, result.minute) == (1, 0)
    assert result.date() == date(2018, 11, 4)


@pytest.mark.parametrize(
    "text",
    [
        "",
        " ",
        "nope",
        "2024",
        "2024-07",
        "24-07-01",
        "2024-7-1",
        "2024-13-01T00:00:00Z",
        "2024-02-30",
        "2024-02-30T00:00:00Z",
        "2024-07-01T24:00:00Z",
        "2024-07-01T12:60:00Z",
        "2024-07-01T12:00:61Z",
        "2024-07-01T12:00:00.Z",
        "2024-07-01T12:00:00+24:00",
        "2024-07-01T12:00:00+01:60",
        "2024-07-01T12:00:00 UTC",
        "2024-07-01T12:00:00ZZ",
        "2024-07-01X12:00:00Z",
        "2024-07-01Z",
        "\uff11\uff12\uff13\uff14-07-01",  # full-width digits
        "0000-01-01T00:00:00Z",
    ],
)
def test_decode_rejects_garbage(text: str) -> None:
    with pytest.raises(
        ValueError,
        match=r"invalid|out of range|must be|day|month|year|hour|minute|second",
    ):
        decode_timestamp(text, VIENNA)


def test_decode_out_of_range_is_value_error() -> None:
    with pytest.raises(ValueError, match="out of range"):
        decode_timestamp("0001-01-01T00:00:00Z", ZoneInfo("Asia/Tokyo"))
    with pytest.raises(ValueError, match="out of range"):
        decode_timestamp("9999-12-31T23:59:59-05:00", UTC)


def test_decode_date() -> None:
    assert decode_date("2024-03-05", VIENNA) == date(2024, 3, 5)
    assert decode_date("2024-03-05T23:30:00.000Z", VIENNA) == date(2024, 3, 5)
    # A real instant is read in the time zone.
    assert decode_date("2024-03-05T23:30:00+00:00", VIENNA) == date(2024, 3, 6)
    with pytest.raises(ValueError, match="invalid"):
        decode_date("05.03.2024", VIENNA)


# ------------------------------------------------------------ DST: Vienna


def test_vienna_spring_forward_encoding() -> None:
    # 2024-03-31: 02:00 CET -> 03:00 CEST (01:00 UTC).
    assert encode_timestamp(utc(2024, 3, 31, 0, 59, 59), VIENNA) == (
        "2024-03-31T01:59:59.000Z"
    )
    assert encode_timestamp(utc(2024, 3, 31, 1, 0, 0), VIENNA) == (
        "2024-03-31T03:00:00.000Z"
    )


def test_vienna_spring_forward_gap_is_shifted_forward() -> None:
    result = decode_timestamp("2024-03-31T02:30:00.000Z", VIENNA)
    assert result.astimezone(UTC) == utc(2024, 3, 31, 1, 30)
    assert (result.hour, result.minute) == (3, 30)
    assert result.utcoffset() == timedelta(hours=2)
    assert decode_timestamp("2024-03-31T02:00:00Z", VIENNA).hour == 3


def test_vienna_fall_back_encoding() -> None:
    # 2024-10-27: 03:00 CEST -> 02:00 CET (01:00 UTC); 02:xx happens twice.
    assert encode_timestamp(utc(2024, 10, 27, 0, 30), VIENNA) == (
        "2024-10-27T02:30:00.000Z"
    )
    assert encode_timestamp(utc(2024, 10, 27, 1, 30), VIENNA) == (
        "2024-10-27T02:30:00.000Z"
    )


def test_vienna_fall_back_ambiguous_takes_first_occurrence() -> None:
    result = decode_timestamp("2024-10-27T02:30:00.000Z", VIENNA)
    assert result.astimezone(UTC) == utc(2024, 10, 27, 0, 30)
    assert result.fold == 0
    assert result.utcoffset() == timedelta(hours=2)
    after = decode_timestamp("2024-10-27T03:00:00.000Z", VIENNA)
    assert after.astimezone(UTC) == utc(2024, 10, 27, 2, 0)


# -------------------------------------------------------- DST: New York


def test_new_york_spring_forward() -> None:
    # 2024-03-10: 02:00 EST -> 03:00 EDT (07:00 UTC).
    assert encode_timestamp(utc(2024, 3, 10, 6, 59, 59), NEW_YORK) == (
        "2024-03-10T01:59:59.000Z"
    )
    assert encode_timestamp(utc(2024, 3, 10, 7, 0), NEW_YORK) == (
        "2024-03-10T03:00:00.000Z"
    )
    gap = decode_timestamp("2024-03-10T02:15:00.000Z", NEW_YORK)
    assert gap.astimezone(UTC) == utc(2024, 3, 10, 7, 15)
    assert (gap.hour, gap.minute) == (3, 15)


def test_new_york_fall_back() -> None:
    # 2024-11-03: 02:00 EDT -> 01:00 EST (06:00 UTC); 01:xx happens twice.
    assert encode_timestamp(utc(2024, 11, 3, 5, 30), NEW_YORK) == (
        "2024-11-03T01:30:00.000Z"
    )
    assert encode_timestamp(utc(2024, 11, 3, 6, 30), NEW_YORK) == (
        "2024-11-03T01:30:00.000Z"
    )
    first = decode_timestamp("2024-11-03T01:30:00.000Z", NEW_YORK)
    assert first.astimezone(UTC) == utc(2024, 11, 3, 5, 30)
    assert first.utcoffset() == timedelta(hours=-4)


@pytest.mark.parametrize(
    ("tz", "day", "kind"),
    [
        (VIENNA, utc(2024, 3, 30, 12), "spring"),
        (VIENNA, utc(2024, 10, 26, 12), "fall"),
        (NEW_YORK, utc(2024, 3, 9, 18), "spring"),
        (NEW_YORK, utc(2024, 11, 2, 18), "fall"),
    ],
)
def test_round_trip_every_minute_across_transitions(
    tz: ZoneInfo, day: datetime, kind: str
) -> None:
    """Identity for every instant but the second pass of the repeated hour."""
    lost = []
    for minute in range(24 * 60):
        instant = day + timedelta(minutes=minute, seconds=7)
        back = decode_timestamp(encode_timestamp(instant, tz), tz)
        if is_second_pass(instant, tz):
            lost.append(instant)
            assert at_utc(back) == instant - timedelta(hours=1)
            assert back.replace(tzinfo=None) == instant.astimezone(tz).replace(
                tzinfo=None
            )
        else:
            assert at_utc(back) == instant
            assert back.tzinfo is tz
    # Spring loses nothing; fall loses exactly the repeated hour.
    assert len(lost) == (60 if kind == "fall" else 0)


# ------------------------------------------------------------ properties

instants = st.datetimes(
    min_value=datetime(1971, 1, 1),
    max_value=datetime(2037, 12, 31),
    timezones=st.just(UTC),
)
zones = st.sampled_from(ZONES)


@settings(max_examples=400, deadline=None)
@given(instant=instants, tz=zones)
def test_property_round_trip(instant: datetime, tz: ZoneInfo) -> None:
    text = encode_timestamp(instant, tz)
    assert len(text) == 24
    assert text.endswith(".000Z")
    back = decode_timestamp(text, tz)
    whole = instant.replace(microsecond=0)
    if is_second_pass(whole, tz):
        assert back < whole
        assert back.replace(tzinfo=None) == whole.astimezone(tz).replace(tzinfo=None)
    else:
        assert at_utc(back) == whole
    assert encode_timestamp(back, tz) == text


@settings(max_examples=400, deadline=None)
@given(
    naive=st.datetimes(
        min_value=datetime(1971, 1, 1),
        max_value=datetime(2037, 12, 31),
    ),
    tz=zones,
)
def test_property_wall_clock_decoding(naive: datetime, tz: ZoneInfo) -> None:
    naive = naive.replace(microsecond=0)
    text = naive.strftime("%Y-%m-%dT%H:%M:%S") + ".000Z"
    result = decode_timestamp(text, tz)
    assert result.tzinfo is tz
    if wall_clock_exists(naive, tz):
        assert result.replace(tzinfo=None) == naive
        assert result.fold == 0
        assert encode_timestamp(result, tz) == text
    else:
        # Shifted forward by the gap, and the result itself exists.
        assert result.replace(tzinfo=None) > naive
        assert result.replace(tzinfo=None) - naive <= timedelta(hours=1)
        assert wall_clock_exists(result.replace(tzinfo=None), tz)


@settings(max_examples=300, deadline=None)
@given(
    instant=instants,
    offset_minutes=st.integers(min_value=-23 * 60 - 59, max_value=23 * 60 + 59),
    tz=zones,
)
def test_property_explicit_offsets(
    instant: datetime, offset_minutes: int, tz: ZoneInfo
) -> None:
    fixed = timezone(timedelta(minutes=offset_minutes))
    text = instant.replace(microsecond=0).astimezone(fixed).isoformat()
    assert at_utc(decode_timestamp(text, tz)) == instant.replace(microsecond=0)


def decodes_in_zone_or_refuses(text: str, tz: ZoneInfo) -> None:
    """The text decodes to a time in ``tz``, or raises ValueError: nothing else."""
    try:
        result = decode_timestamp(text, tz)
    except ValueError:
        return
    assert result.tzinfo is tz


@settings(max_examples=500, deadline=None)
@given(text=st.text(max_size=40))
def test_property_decode_garbage_only_raises_value_error(text: str) -> None:
    decodes_in_zone_or_refuses(text, VIENNA)


@settings(max_examples=300, deadline=None)
@given(
    text=st.from_regex(
        r"\A\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})?)?\Z"
    )
)
def test_property_well_formed_text_decodes_or_value_error(text: str) -> None:
    decodes_in_zone_or_refuses(text, NEW_YORK)
