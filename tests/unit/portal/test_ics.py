"""The iCalendar builder: feeds and iMIP messages that two independent parsers read back exactly.

Every built object is parsed with ``icalendar`` and with ``vobject``; ``vobject`` also resolves
times through the VTIMEZONE we write (not through its own zone database), so it checks the
Europe/Berlin rules themselves.
"""

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import icalendar
import pytest
import vobject

from portal.ics import PRODID, CalendarEvent, Person, build_feed, build_message

BERLIN = ZoneInfo("Europe/Berlin")
# Tuesday 24 November 2026, 14:00 to 16:00 in Berlin (winter time, UTC+1).
EVENT = CalendarEvent(
    uid="meeting-42@kim.example.de",
    sequence=3,
    summary="Lenkungsgruppe KIM: Herbstsitzung",
    starts_at=datetime(2026, 11, 24, 13, 0, tzinfo=UTC),
    ends_at=datetime(2026, 11, 24, 15, 0, tzinfo=UTC),
    created=datetime(2026, 9, 1, 8, 0, tzinfo=UTC),
    last_modified=datetime(2026, 11, 2, 10, 30, tzinfo=BERLIN),
    location="Kreishaus Neuss, Sitzungssaal",
    url="https://kim.example.de/meetings/42",
    description="TOP 1: Begrüßung\nTOP 2: Bericht",
)
ORGANIZER = Person("KI-Geschäftsstelle", "ki@kim.example.de")
ATTENDEE = Person("Aylin Yılmaz", "a.yilmaz@kim.example.de")
VTIMEZONE = [
    "BEGIN:VTIMEZONE",
    "TZID:Europe/Berlin",
    "BEGIN:STANDARD",
    "DTSTART:19701025T030000",
    "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU",
    "TZOFFSETFROM:+0200",
    "TZOFFSETTO:+0100",
    "TZNAME:CET",
    "END:STANDARD",
    "BEGIN:DAYLIGHT",
    "DTSTART:19700329T020000",
    "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU",
    "TZOFFSETFROM:+0100",
    "TZOFFSETTO:+0200",
    "TZNAME:CEST",
    "END:DAYLIGHT",
    "END:VTIMEZONE",
]
ODD_TEXTS = [
    "Übergänge, Einbürgerung; Straße – Größe",
    "Emoji 🎉👩🏽‍💼 and flags 🇩🇪 in a title",
    "שלום עולם and مرحبا بالعالم, mixed with Deutsch",
    "back\\slash, \\n literally, a;b,c \\; \\,",
    "Zeile 1\nZeile 2\n\nZeile 4 nach einer Leerzeile\n",
    "ß" * 80 + "€" * 40 + "😀" * 30,
]


def feed(*events: CalendarEvent, **kwargs) -> bytes:
    kwargs.setdefault("name", "KIM: Sitzungen")
    return build_feed(events, **kwargs)


def message(event: CalendarEvent = EVENT, method: str = "REQUEST", **kwargs) -> bytes:
    kwargs.setdefault("organizer", ORGANIZER)
    kwargs.setdefault("attendee", ATTENDEE)
    return build_message(event, method=method, **kwargs)


def unfolded(data: bytes) -> list[str]:
    """Return the logical content lines (RFC 5545 unfolding)."""
    return data.decode().replace("\r\n ", "").split("\r\n")[:-1]


def lines_of(data: bytes, prop: str, within: str = "VEVENT") -> list[str]:
    """Return the unfolded lines of one property directly inside the given component."""
    found, components = [], []
    for line in unfolded(data):
        name = line.split(":")[0].split(";")[0]
        if name == "BEGIN":
            components.append(line[6:])
        elif name == "END":
            components.pop()
        elif name == prop and components[-1] == within:
            found.append(line)
    return found


def utc(value: datetime) -> datetime:
    """Return the instant in UTC (aware times in different zones never compare equal when
    one of them falls in a repeated hour)."""
    return value.astimezone(UTC)


def both(data: bytes) -> tuple[list, list]:
    """Return the VEVENTs as ``icalendar`` and as ``vobject`` read them."""
    by_icalendar = icalendar.Calendar.from_ical(data).walk("VEVENT")
    by_vobject = vobject.readOne(data.decode()).contents.get("vevent", [])
    assert len(by_icalendar) == len(by_vobject)
    return by_icalendar, by_vobject


# --- encoding and line format -----------------------------------------------------------------


@pytest.mark.parametrize("text", ODD_TEXTS)
def test_every_physical_line_has_at_most_75_octets_ends_in_crlf_and_is_whole_utf8(text):
    event = replace(EVENT, summary=text, location=text, description=text * 3)
    for data in (feed(event), message(event)):
        assert data.endswith(b"\r\n")
        physical = data.split(b"\r\n")[:-1]
        for line in physical:
            assert len(line) <= 75
            assert b"\r" not in line and b"\n" not in line
            line.decode("utf-8")  # a split multi-byte character would fail here
        assert any(line.startswith(b" ") for line in physical), "long values are folded"


@pytest.mark.parametrize("shift", range(4))
@pytest.mark.parametrize("character", ["ä", "€", "😀"])
def test_folding_never_splits_a_character_at_any_offset(shift, character):
    text = "x" * shift + character * 60
    data = feed(replace(EVENT, summary=text))

    for line in data.split(b"\r\n"):
        assert len(line) <= 75
        line.decode("utf-8")
    by_icalendar, by_vobject = both(data)
    assert str(by_icalendar[0]["SUMMARY"]) == by_vobject[0].summary.value == text


def test_short_lines_are_not_folded():
    data = feed(EVENT)

    assert b"\r\n " not in data
    assert "SUMMARY:Lenkungsgruppe KIM: Herbstsitzung" in data.decode().split("\r\n")


@pytest.mark.parametrize("text", ODD_TEXTS)
def test_text_round_trips_exactly_through_both_parsers(text):
    event = replace(EVENT, summary=text, location=text, description=text)
    for data in (feed(event), message(event)):
        (by_icalendar,), (by_vobject,) = both(data)
        for prop in ("SUMMARY", "LOCATION", "DESCRIPTION"):
            assert str(by_icalendar[prop]) == text
            assert getattr(by_vobject, prop.lower()).value == text


def test_text_values_are_escaped_as_rfc_5545_says():
    data = feed(replace(EVENT, summary="a\\b;c,d\ne"))

    assert lines_of(data, "SUMMARY") == ["SUMMARY:a\\\\b\\;c\\,d\\ne"]


def test_carriage_returns_become_line_breaks_and_control_characters_are_dropped():
    data = feed(replace(EVENT, description="eins\r\nzwei\rdrei\x00\x07\x1b\tvier\x7f"))
    (by_icalendar,), (by_vobject,) = both(data)

    assert str(by_icalendar["DESCRIPTION"]) == "eins\nzwei\ndrei\tvier"
    assert by_vobject.description.value == "eins\nzwei\ndrei\tvier"


# --- the feed -------------------------------------------------------------------------------


def test_the_feed_header_names_the_calendar_and_its_refresh_interval():
    data = feed(EVENT, name="KIM, Rhein-Kreis Neuss", description="Alle Sitzungen; öffentlich")
    by_icalendar = icalendar.Calendar.from_ical(data)
    by_vobject = vobject.readOne(data.decode())

    assert unfolded(data)[:13] == [
        "BEGIN:VCALENDAR",
        f"PRODID:{PRODID}",
        "VERSION:2.0",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "NAME:KIM\\, Rhein-Kreis Neuss",
        "X-WR-CALNAME:KIM\\, Rhein-Kreis Neuss",
        "DESCRIPTION:Alle Sitzungen\\; öffentlich",
        "X-WR-CALDESC:Alle Sitzungen\\; öffentlich",
        "REFRESH-INTERVAL;VALUE=DURATION:PT1H",
        "X-PUBLISHED-TTL:PT1H",
        "X-WR-TIMEZONE:Europe/Berlin",
        "BEGIN:VTIMEZONE",
    ]
    # icalendar does not unescape NAME and X-WR-* (it does not know them as TEXT); vobject does.
    assert by_vobject.contents["name"][0].value == "KIM, Rhein-Kreis Neuss"
    assert by_vobject.x_wr_calname.value == "KIM, Rhein-Kreis Neuss"
    assert by_vobject.x_wr_caldesc.value == "Alle Sitzungen; öffentlich"
    assert str(by_icalendar["DESCRIPTION"]) == "Alle Sitzungen; öffentlich"
    assert by_icalendar.decoded("REFRESH-INTERVAL") == timedelta(hours=1)


def test_a_feed_without_description_has_no_calendar_description():
    data = feed(EVENT)

    assert lines_of(data, "X-WR-CALDESC", within="VCALENDAR") == []
    assert lines_of(data, "DESCRIPTION", within="VCALENDAR") == []
    assert lines_of(data, "DESCRIPTION") == ["DESCRIPTION:TOP 1: Begrüßung\\nTOP 2: Bericht"]


@pytest.mark.parametrize(
    ("refresh", "written"),
    [
        (timedelta(minutes=30), "PT30M"),
        (timedelta(hours=6), "PT6H"),
        (timedelta(days=1), "P1D"),
        (timedelta(days=1, hours=12, seconds=5), "P1DT12H5S"),
    ],
)
def test_the_refresh_interval_is_an_rfc_5545_duration(refresh, written):
    data = feed(EVENT, refresh=refresh)

    assert lines_of(data, "X-PUBLISHED-TTL", within="VCALENDAR") == [f"X-PUBLISHED-TTL:{written}"]
    assert icalendar.Calendar.from_ical(data).decoded("REFRESH-INTERVAL") == refresh


@pytest.mark.parametrize("refresh", [timedelta(0), timedelta(hours=-1)])
def test_a_refresh_interval_must_be_positive(refresh):
    with pytest.raises(ValueError):
        feed(EVENT, refresh=refresh)


def test_the_feed_holds_one_vtimezone_then_every_event():
    events = [replace(EVENT, uid=f"meeting-{n}@kim.example.de") for n in range(3)]
    data = feed(*events)
    by_icalendar, by_vobject = both(data)

    assert [str(e["UID"]) for e in by_icalendar] == [e.uid for e in events]
    assert [e.uid.value for e in by_vobject] == [e.uid for e in events]
    assert unfolded(data).count("BEGIN:VTIMEZONE") == 1
    assert unfolded(data).index("END:VTIMEZONE") < unfolded(data).index("BEGIN:VEVENT")


def test_an_empty_feed_is_still_a_valid_calendar():
    data = feed()

    assert both(data) == ([], [])
    assert unfolded(data)[-1] == "END:VCALENDAR"


def test_the_same_data_gives_the_same_bytes():
    assert feed(EVENT) == feed(EVENT)
    assert message(EVENT) == message(EVENT)


# --- the time zone and times ----------------------------------------------------------------


@pytest.mark.parametrize("build", [feed, message])
def test_the_vtimezone_uses_yearly_rules_and_no_rdate_list(build):
    data = build(EVENT)
    lines = unfolded(data)
    start = lines.index("BEGIN:VTIMEZONE")

    assert lines[start : start + len(VTIMEZONE)] == VTIMEZONE
    assert not any(line.startswith("RDATE") for line in lines)


def test_an_event_has_the_properties_calendar_clients_need_in_order():
    lines = unfolded(feed(EVENT))
    names = [line.split(":")[0].split(";")[0] for line in lines]
    event = names[lines.index("BEGIN:VEVENT") :]

    assert event == [
        "BEGIN",
        "UID",
        "DTSTAMP",
        "CREATED",
        "LAST-MODIFIED",
        "SEQUENCE",
        "DTSTART",
        "DTEND",
        "SUMMARY",
        "LOCATION",
        "URL",
        "DESCRIPTION",
        "STATUS",
        "TRANSP",
        "END",
        "END",
    ]


def test_times_are_written_on_the_berlin_clock_and_stamps_in_utc():
    summer = replace(EVENT, starts_at=datetime(2026, 7, 1, 12, 0, tzinfo=UTC))
    data = feed(summer)

    assert lines_of(data, "DTSTART") == ["DTSTART;TZID=Europe/Berlin:20260701T140000"]
    assert lines_of(data, "DTEND") == ["DTEND;TZID=Europe/Berlin:20261124T160000"]
    assert lines_of(data, "CREATED") == ["CREATED:20260901T080000Z"]
    assert lines_of(data, "LAST-MODIFIED") == ["LAST-MODIFIED:20261102T093000Z"]
    assert lines_of(data, "DTSTAMP") == ["DTSTAMP:20261102T093000Z"]
    assert lines_of(data, "SEQUENCE") == ["SEQUENCE:3"]
    assert lines_of(data, "TRANSP") == ["TRANSP:OPAQUE"]
    (by_icalendar,), (by_vobject,) = both(data)
    assert by_icalendar.decoded("DTSTAMP") == EVENT.last_modified
    assert by_vobject.dtstamp.value == EVENT.last_modified
    assert by_vobject.created.value == EVENT.created


def test_a_start_in_another_zone_is_converted_to_berlin():
    new_york = datetime(2026, 11, 24, 8, 0, tzinfo=ZoneInfo("America/New_York"))
    data = feed(replace(EVENT, starts_at=new_york))

    assert lines_of(data, "DTSTART") == ["DTSTART;TZID=Europe/Berlin:20261124T140000"]


@pytest.mark.parametrize(
    ("starts_at", "instant"),
    [
        # Summer time begins on 29 March 2026: 02:00 CET becomes 03:00 CEST.
        (datetime(2026, 3, 29, 1, 30, tzinfo=BERLIN), datetime(2026, 3, 29, 0, 30, tzinfo=UTC)),
        (datetime(2026, 3, 29, 3, 30, tzinfo=BERLIN), datetime(2026, 3, 29, 1, 30, tzinfo=UTC)),
        (datetime(2026, 3, 29, 1, 0, tzinfo=UTC), datetime(2026, 3, 29, 1, 0, tzinfo=UTC)),
        # 02:30 does not exist that night; Python reads it with the offset before the gap.
        (datetime(2026, 3, 29, 2, 30, tzinfo=BERLIN), datetime(2026, 3, 29, 1, 30, tzinfo=UTC)),
        # Summer time ends on 25 October 2026: 03:00 CEST becomes 02:00 CET, 02:xx comes twice.
        (datetime(2026, 10, 25, 1, 30, tzinfo=BERLIN), datetime(2026, 10, 24, 23, 30, tzinfo=UTC)),
        (datetime(2026, 10, 25, 2, 30, tzinfo=BERLIN), datetime(2026, 10, 25, 0, 30, tzinfo=UTC)),
        (datetime(2026, 10, 25, 0, 30, tzinfo=UTC), datetime(2026, 10, 25, 0, 30, tzinfo=UTC)),
        # The second 02:30, given as UTC or with fold=1.
        (datetime(2026, 10, 25, 1, 30, tzinfo=UTC), datetime(2026, 10, 25, 1, 30, tzinfo=UTC)),
        (
            datetime(2026, 10, 25, 2, 30, fold=1, tzinfo=BERLIN),
            datetime(2026, 10, 25, 1, 30, tzinfo=UTC),
        ),
        (datetime(2026, 10, 25, 3, 30, tzinfo=BERLIN), datetime(2026, 10, 25, 2, 30, tzinfo=UTC)),
    ],
)
@pytest.mark.parametrize("build", [feed, message])
def test_meetings_on_dst_change_days_come_back_at_the_same_instant(build, starts_at, instant):
    # 90 minutes of real time (arithmetic on an aware Berlin datetime would add wall-clock time).
    event = replace(EVENT, starts_at=starts_at, ends_at=instant + timedelta(minutes=90))
    (by_icalendar,), (by_vobject,) = both(build(event))

    assert utc(by_icalendar.decoded("DTSTART")) == instant
    assert utc(by_vobject.dtstart.value) == instant
    assert utc(by_icalendar.decoded("DTEND")) == instant + timedelta(minutes=90)
    assert utc(by_vobject.dtend.value) == instant + timedelta(minutes=90)


def test_local_times_carry_the_tzid_unless_the_clock_cannot_tell_them_apart():
    first = replace(EVENT, starts_at=datetime(2026, 10, 25, 0, 30, tzinfo=UTC))
    second = replace(EVENT, starts_at=datetime(2026, 10, 25, 1, 30, tzinfo=UTC))

    # RFC 5545 reads a repeated local time as its first occurrence, so the second goes as UTC.
    assert lines_of(feed(first), "DTSTART") == ["DTSTART;TZID=Europe/Berlin:20261025T023000"]
    assert lines_of(feed(second), "DTSTART") == ["DTSTART:20261025T013000Z"]


@pytest.mark.parametrize("field", ["starts_at", "ends_at", "created", "last_modified"])
def test_naive_datetimes_are_refused(field):
    event = replace(EVENT, **{field: datetime(2026, 11, 24, 14, 0)})

    with pytest.raises(ValueError, match=field):
        feed(event)


# --- status -----------------------------------------------------------------------------------


def test_an_event_is_confirmed_unless_cancelled():
    (confirmed,), _ = both(feed(EVENT))
    (cancelled,), (by_vobject,) = both(feed(replace(EVENT, cancelled=True)))

    assert str(confirmed["STATUS"]) == "CONFIRMED"
    assert str(cancelled["STATUS"]) == by_vobject.status.value == "CANCELLED"


def test_optional_properties_are_left_out_when_empty():
    data = feed(replace(EVENT, location="", url="", description=""))

    assert lines_of(data, "LOCATION") == lines_of(data, "URL") == []
    assert lines_of(data, "DESCRIPTION") == []


# --- iMIP messages ----------------------------------------------------------------------------


def test_a_request_invites_the_attendee_without_asking_for_a_reply_mail():
    data = message()
    (by_icalendar,), (by_vobject,) = both(data)

    assert lines_of(data, "METHOD", within="VCALENDAR") == ["METHOD:REQUEST"]
    assert lines_of(data, "ORGANIZER") == [
        "ORGANIZER;CN=KI-Geschäftsstelle:mailto:ki@kim.example.de"
    ]
    assert lines_of(data, "ATTENDEE") == [
        "ATTENDEE;CN=Aylin Yılmaz;ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=FALSE:"
        "mailto:a.yilmaz@kim.example.de"
    ]
    assert str(by_icalendar["STATUS"]) == "CONFIRMED"
    assert by_vobject.attendee.value == "mailto:a.yilmaz@kim.example.de"
    assert by_vobject.attendee.params["RSVP"] == ["FALSE"]
    assert by_icalendar["ORGANIZER"].params["CN"] == "KI-Geschäftsstelle"
    assert icalendar.Calendar.from_ical(data)["METHOD"] == "REQUEST"


def test_a_message_carries_the_event_as_the_feed_does():
    in_feed = unfolded(feed(EVENT))
    in_message = unfolded(message())
    event = in_feed[in_feed.index("BEGIN:VEVENT") : in_feed.index("END:VEVENT")]

    assert in_message[in_message.index("BEGIN:VEVENT") :][: len(event)] == event
    assert in_message.count("BEGIN:VTIMEZONE") == 1


@pytest.mark.parametrize("cancelled", [False, True])
def test_a_cancel_message_always_says_cancelled(cancelled):
    data = message(replace(EVENT, cancelled=cancelled), method="CANCEL")
    (by_icalendar,), (by_vobject,) = both(data)

    assert lines_of(data, "METHOD", within="VCALENDAR") == ["METHOD:CANCEL"]
    assert str(by_icalendar["STATUS"]) == by_vobject.status.value == "CANCELLED"


def test_a_request_for_a_cancelled_event_says_cancelled():
    (by_icalendar,), _ = both(message(replace(EVENT, cancelled=True)))

    assert str(by_icalendar["STATUS"]) == "CANCELLED"


@pytest.mark.parametrize("method", ["PUBLISH", "REPLY", "request", "", "REQUEST\r\nX:1"])
def test_other_methods_are_refused(method):
    with pytest.raises(ValueError, match="method"):
        message(method=method)


@pytest.mark.parametrize(
    ("name", "written", "read"),
    [
        ("Yılmaz, Aylin", 'CN="Yılmaz, Aylin"', "Yılmaz, Aylin"),
        ("Dr. Weiß: KI", 'CN="Dr. Weiß: KI"', "Dr. Weiß: KI"),
        ("A; B", 'CN="A; B"', "A; B"),
        ('Aylin "Ayla" Yılmaz', "CN=Aylin Ayla Yılmaz", "Aylin Ayla Yılmaz"),
        ('"Müller, Jan"\n', 'CN="Müller, Jan"', "Müller, Jan"),
    ],
)
def test_common_names_are_quoted_where_needed_and_lose_double_quotes(name, written, read):
    data = message(organizer=Person(name, "ki@kim.example.de"), attendee=Person(name, "x@y.de"))
    (by_icalendar,), (by_vobject,) = both(data)

    assert lines_of(data, "ORGANIZER") == [f"ORGANIZER;{written}:mailto:ki@kim.example.de"]
    assert lines_of(data, "ATTENDEE")[0].startswith(f"ATTENDEE;{written};ROLE=")
    for prop in ("ORGANIZER", "ATTENDEE"):
        assert by_icalendar[prop].params["CN"] == read
        assert getattr(by_vobject, prop.lower()).params["CN"] == [read]
    assert str(by_icalendar["ATTENDEE"]) == "mailto:x@y.de"


def test_a_person_without_a_name_gets_no_cn():
    data = message(organizer=Person("", "ki@kim.example.de"))

    assert lines_of(data, "ORGANIZER") == ["ORGANIZER:mailto:ki@kim.example.de"]
