"""Office calendars: when a unit works, and deadlines counted in its working time.

A unit's calendar is its working days and hours (local, in its time zone or the deployment's),
less the public holidays of its country and state (the `holidays` library's public category:
India's gazetted and state holidays, Bangladesh's, Iran's) and the Holiday rows of the unit
and every unit above it. Stored times are naive UTC (app.core.clock).

Working time is counted as a position: the working microseconds since the first day the
calendar covers. Working days are a sorted list of day ordinals, so a moment's position is one
bisect and a deadline is the inverse of (position + minutes): no loop over minutes or days,
which keeps a deadline to a few microseconds.

Calendars are cached per process. A flush that adds, changes or deletes a unit or a holiday
clears this process's cache at once (the clerk who adds a holiday sees it on the next ticket);
other processes (workers) rebuild after TTL_SECONDS. A version check on every deadline would
cost a round trip per computation; holidays are entered days ahead, so a minute is harmless.
"""

import logging
import time as monotonic_time
from bisect import bisect_left, bisect_right
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import holidays as holiday_library
from flask import current_app
from sqlalchemy import event, select
from sqlalchemy.orm import Session

from app.extensions import db
from app.models.org import Holiday, OrgUnit
from app.services.org.tree import ancestor_ids

log = logging.getLogger(__name__)

TTL_SECONDS = 60.0  # how stale another process's calendars may be (see the docstring)
YEARS_AROUND = 1  # years covered either side of a moment asked about; more are added on demand
DAY_US = 86_400_000_000
MINUTE_US = 60_000_000


class Calendar:
    """Working days and hours in one time zone; `add` and `between` count working time."""

    __slots__ = (
        "zone",
        "weekdays",
        "opens_us",
        "length_us",
        "_closed",
        "_days",
        "_opens",
        "_range",
    )

    def __init__(
        self,
        zone: ZoneInfo,
        weekdays: frozenset[int],
        opens: time,
        closes: time,
        closed_days,
    ):
        """`closed_days(first_year, last_year)` gives the holidays of those years (a set of
        dates). Hours that close before they open mean the office works the whole day."""
        if not weekdays:
            raise ValueError("a calendar without working days has no working time")
        self.zone, self.weekdays, self._closed = zone, weekdays, closed_days
        self.opens_us = _micro(opens)
        self.length_us = _micro(closes) - self.opens_us
        if self.length_us <= 0:
            self.opens_us, self.length_us = 0, DAY_US
        self._days: list[int] = []  # the working days' ordinals, sorted
        self._opens: list[int] = []  # when each opens, in UTC microseconds (see _utc_us)
        self._range = (0, -1)  # the first and last day covered (ordinals)

    def add(self, start: datetime, minutes: float) -> datetime:
        """The moment `minutes` of working time after `start` (both naive UTC): the end of the
        working minute that completes them."""
        if minutes <= 0:
            return start
        moment = _utc_us(start)
        self._cover(moment)
        return self._moment(self._position(moment) + round(minutes * MINUTE_US))

    def between(self, start: datetime, end: datetime) -> float:
        """Working minutes from `start` to `end` (negative when `end` comes first)."""
        first, last = _utc_us(start), _utc_us(end)
        self._cover(first)
        self._cover(last)
        return (self._position(last) - self._position(first)) / MINUTE_US

    def is_working_day(self, day: date) -> bool:
        ordinal = day.toordinal()
        self._cover((ordinal - 1) * DAY_US)
        index = bisect_left(self._days, ordinal)
        return index < len(self._days) and self._days[index] == ordinal

    def _position(self, moment: int) -> int:
        """Working microseconds from the first day covered to `moment` (UTC microseconds)."""
        index = bisect_right(self._opens, moment) - 1
        if index < 0:
            return 0
        return index * self.length_us + min(moment - self._opens[index], self.length_us)

    def _moment(self, position: int) -> datetime:
        index, into = divmod(position, self.length_us)
        if into == 0 and index > 0:  # the earliest moment there: the close of the day before
            index, into = index - 1, self.length_us
        while index >= len(self._opens):  # past the years covered: cover more
            self._grow(self._range[1] + 1)
        return EPOCH + timedelta(microseconds=self._opens[index] + into)

    def _cover(self, moment: int) -> None:
        """Cover the day of `moment` and the one either side (a local day is within a day
        of its UTC one); call before computing positions: growing backwards renumbers them."""
        day = moment // DAY_US + 1  # its UTC day's ordinal
        first, last = self._range
        if day - 1 < first or day + 1 > last:
            self._grow(day)

    def _grow(self, ordinal: int) -> None:
        year = date.fromordinal(ordinal).year
        first, last = self._range
        first_year, last_year = year - YEARS_AROUND, year + YEARS_AROUND
        if last >= first:
            first_year = min(first_year, date.fromordinal(first).year)
            last_year = max(last_year, date.fromordinal(last).year)
        closed = self._closed(first_year, last_year)
        start, end = date(first_year, 1, 1).toordinal(), date(last_year, 12, 31).toordinal()
        self._days = [
            day
            for day in range(start, end + 1)
            if (day - 1) % 7 in self.weekdays and date.fromordinal(day) not in closed
        ]
        self._opens = _openings(self._days, self.opens_us, self.zone)
        self._range = (start, end)


EPOCH = datetime(1, 1, 1)


def _utc_us(moment: datetime) -> int:
    """A naive UTC moment as microseconds since 0001-01-01 (integers compare and add fast)."""
    return (
        moment.toordinal() * DAY_US
        + ((moment.hour * 60 + moment.minute) * 60 + moment.second) * 1_000_000
        + moment.microsecond
        - DAY_US
    )


def _openings(days: list[int], opens_us: int, zone: ZoneInfo) -> list[int]:
    """When each working day opens, in UTC microseconds. A month whose UTC offset is the same
    at its start and at the next one's (no change of clocks) uses that offset for every day;
    the others ask the zone day by day."""
    offsets: dict[tuple[int, int], int | None] = {}
    opening = timedelta(microseconds=opens_us)
    found = []
    for ordinal in days:
        day = date.fromordinal(ordinal)
        month = (day.year, day.month)
        if month not in offsets:
            offsets[month] = _month_offset(day.year, day.month, zone)
        offset = offsets[month]
        if offset is None:
            local = datetime(day.year, day.month, day.day, tzinfo=zone) + opening
            found.append(_utc_us(local.astimezone(UTC).replace(tzinfo=None)))
        else:
            found.append((ordinal - 1) * DAY_US + opens_us - offset)
    return found


def _month_offset(year: int, month: int, zone: ZoneInfo) -> int | None:
    """The month's UTC offset in microseconds, or None when the clocks change in it."""
    following = (year + month // 12, month % 12 + 1)
    first = datetime(year, month, 1, tzinfo=zone).utcoffset()
    if first != datetime(*following, 1, tzinfo=zone).utcoffset():
        return None
    return first // timedelta(microseconds=1)


def _micro(moment: time) -> int:
    return ((moment.hour * 60 + moment.minute) * 60 + moment.second) * 1_000_000 + (
        moment.microsecond
    )


# -- public holidays of a country (and state), per year: the library's data never changes --

_public: dict[tuple[str, str | None, int], frozenset[date]] = {}


def public_holidays(country: str, subdivision: str | None, year: int) -> frozenset[date]:
    """The public holidays of a country (and state) in one year; none for a country the
    library does not know (logged once)."""
    key = (country, subdivision, year)
    if key not in _public:
        _public[key] = _library_days(country, subdivision, year)
    return _public[key]


def _library_days(country: str, subdivision: str | None, year: int) -> frozenset[date]:
    try:
        days = holiday_library.country_holidays(
            country, subdiv=subdivision, years=year, categories=(holiday_library.PUBLIC,)
        )
    except NotImplementedError:
        if subdivision:
            log.warning("no public holidays for %s/%s: country's only", country, subdivision)
            return _library_days(country, None, year)
        log.warning("no public holidays known for country %s", country)
        return frozenset()
    return frozenset(days)


def _subdivision(country: str, subdivision: str | None) -> str | None:
    """ "UP" or "IN-UP" as the library names it ("UP")."""
    if not subdivision:
        return None
    code = subdivision.strip().upper()
    return code.removeprefix(f"{country}-") or None


# -- the per-process cache of units' calendars --

_by_unit: dict[int, Calendar] = {}
_shared: dict[tuple, Calendar] = {}  # units with the same settings share one calendar
_built = [0.0]


def for_unit(unit_id: int | None) -> Calendar | None:
    """The calendar of a unit (None: no unit, or no such unit; the clock runs round the
    clock)."""
    if unit_id is None:
        return None
    now = monotonic_time.monotonic()
    if now - _built[0] > TTL_SECONDS:
        forget()
        _built[0] = now
    calendar = _by_unit.get(unit_id)
    if calendar is None and unit_id not in _by_unit:
        calendar = _by_unit[unit_id] = _load(unit_id)
    return calendar


def forget() -> None:
    """Drop every cached calendar (units or holidays changed)."""
    _by_unit.clear()
    _shared.clear()


def _load(unit_id: int) -> Calendar | None:
    unit = db.session.get(OrgUnit, unit_id)
    if unit is None:
        return None
    units = set(ancestor_ids(unit.path or "/")) | {unit.id}
    local = frozenset(
        db.session.scalars(select(Holiday.day).where(Holiday.org_unit_id.in_(units))).all()
    )
    country = (unit.country or "IN").upper()
    subdivision = _subdivision(country, unit.subdivision)
    weekdays = frozenset(int(c) for c in unit.working_days or "" if c in "0123456")
    zone = _zone(unit.timezone)
    opens, closes = unit.opens_at or time(10), unit.closes_at or time(18)
    key = (zone.key, weekdays, opens, closes, country, subdivision, local)
    if not weekdays:  # an office that never works: its clock cannot run, so run it always
        log.warning("unit %s has no working days: its deadlines run round the clock", unit_id)
        return None
    if key not in _shared:

        def closed_days(first_year: int, last_year: int) -> set[date]:
            days = set(local)
            for year in range(first_year, last_year + 1):
                days |= public_holidays(country, subdivision, year)
            return days

        _shared[key] = Calendar(zone, weekdays, opens, closes, closed_days)
    return _shared[key]


def _zone(name: str | None) -> ZoneInfo:
    deployment = current_app.config.get("BABEL_DEFAULT_TIMEZONE") or "UTC"
    try:
        return ZoneInfo(name or deployment)
    except (ZoneInfoNotFoundError, ValueError):
        log.warning("unknown time zone %r: the deployment's is used", name)
        return ZoneInfo(deployment)


@event.listens_for(Session, "after_flush")
def _units_changed(session, _context) -> None:
    """A unit or holiday written by this process: its calendars are rebuilt when next asked."""
    changed = session.new | session.dirty | session.deleted
    if any(isinstance(item, OrgUnit | Holiday) for item in changed):
        forget()


@event.listens_for(Session, "do_orm_execute")
def _bulk_change(state) -> None:
    """An UPDATE or DELETE statement on units or holidays (not seen by the flush) does too."""
    if (state.is_update or state.is_delete) and any(
        mapper.class_ in (OrgUnit, Holiday) for mapper in state.all_mappers
    ):
        forget()
