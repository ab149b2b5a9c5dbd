"""Office calendars: when a unit works, and deadlines counted in its working time.

A unit's calendar is its working days and hours (local, in its time zone or the deployment's),
less the public holidays of its country and state (the `holidays` library's public category:
India's gazetted and state holidays, Bangladesh's, Iran's) and the Holiday rows of the unit
and every unit above it. Stored times are naive UTC (app.core.clock).

Working time is counted as a position: the working microseconds since the first day the
calendar covers. Working days are a sorted list of day ordinals, so a moment's position is one
bisect and a deadline is the inverse of (position + minutes): no loop over minutes or days,
which keeps a deadline to a few microseconds.

Calendars are cached per process: which calendar each unit has is read for all units at once,
and the working days a calendar has worked out are kept by its settings (days, hours, zone,
country, state, local holidays), so units that share settings share one, and a reload whose
settings did not change reuses it. A flush that adds, changes or deletes a unit or a holiday
makes this process read the settings again at once (the clerk who adds a holiday sees it on
the next ticket); other processes (workers) read them again after TTL_SECONDS. A version check
on every deadline would cost a round trip per computation; holidays are entered days ahead,
so a minute is harmless, and a reload is two queries.
"""

import logging
import time as monotonic_time
from bisect import bisect_left, bisect_right
from collections import defaultdict
from datetime import UTC, date, datetime, time, timedelta
from threading import Lock
from typing import NamedTuple
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


class Covered(NamedTuple):
    """The days a calendar has worked out: swapped whole, so threads read one consistent set."""

    days: list[int]  # the working days' ordinals, sorted
    opens: list[int]  # when each opens, in UTC microseconds (see _utc_us)
    first: int  # the first and last day covered (ordinals)
    last: int


class Calendar:
    """Working days and hours in one time zone; `add` and `between` count working time."""

    __slots__ = ("zone", "weekdays", "opens_us", "length_us", "_closed", "_covered", "_lock")

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
        self._covered = Covered([], [], 0, -1)
        self._lock = Lock()

    def add(self, start: datetime, minutes: float) -> datetime:
        """The moment `minutes` of working time after `start` (both naive UTC): the end of the
        working minute that completes them."""
        if minutes <= 0:
            return start
        moment, step, length = _utc_us(start), round(minutes * MINUTE_US), self.length_us
        day = moment // DAY_US + 1  # its UTC day's ordinal
        while True:
            covered = self._covered
            _days, opens, first, last = covered
            if not first < day < last:  # the day either side too: a local day is within one
                self._grow(covered, day)
                continue
            index = bisect_right(opens, moment) - 1
            position = index * length + min(moment - opens[index], length) if index >= 0 else 0
            index, into = divmod(position + step, length)
            if into == 0 and index > 0:  # the earliest moment there: the close of the day before
                index, into = index - 1, length
            if index >= len(opens):  # past the years covered: cover more
                self._grow(covered, last + 1)
                continue
            return EPOCH + timedelta(microseconds=opens[index] + into)

    def between(self, start: datetime, end: datetime) -> float:
        """Working minutes from `start` to `end` (negative when `end` comes first)."""
        first, last = _utc_us(start), _utc_us(end)
        while True:
            covered = self._covered
            if self._covers(covered, first) and self._covers(covered, last):
                length = self.length_us
                since = _position(covered.opens, length, last)
                return (since - _position(covered.opens, length, first)) / MINUTE_US

    def is_working_day(self, day: date) -> bool:
        ordinal = day.toordinal()
        while True:
            covered = self._covered
            if self._covers(covered, (ordinal - 1) * DAY_US):
                index = bisect_left(covered.days, ordinal)
                return index < len(covered.days) and covered.days[index] == ordinal

    def _covers(self, covered: Covered, moment: int) -> bool:
        """Whether `covered` has the day of `moment` and the one either side (a local day is
        within a day of its UTC one); if not, cover them (the caller starts again)."""
        day = moment // DAY_US + 1  # its UTC day's ordinal
        if covered.first <= day - 1 and day + 1 <= covered.last:
            return True
        self._grow(covered, day)
        return False

    def _grow(self, covered: Covered, ordinal: int) -> None:
        """Cover the years around `ordinal` too. Growing backwards renumbers positions, so
        callers compute from one Covered and start again after growing."""
        with self._lock:
            if self._covered is not covered:
                return  # another thread grew it meanwhile
            year = date.fromordinal(ordinal).year
            first_year, last_year = year - YEARS_AROUND, year + YEARS_AROUND
            if covered.last >= covered.first:
                first_year = min(first_year, date.fromordinal(covered.first).year)
                last_year = max(last_year, date.fromordinal(covered.last).year)
            closed = self._closed(first_year, last_year)
            start, end = date(first_year, 1, 1).toordinal(), date(last_year, 12, 31).toordinal()
            days = [
                day
                for day in range(start, end + 1)
                if (day - 1) % 7 in self.weekdays and date.fromordinal(day) not in closed
            ]
            self._covered = Covered(days, _openings(days, self.opens_us, self.zone), start, end)


def _position(opens: list[int], length: int, moment: int) -> int:
    """Working microseconds from the first day covered to `moment` (UTC microseconds)."""
    index = bisect_right(opens, moment) - 1
    if index < 0:
        return 0
    return index * length + min(moment - opens[index], length)


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


class _Cache:
    """Which calendar each unit has, read for every unit at once (two queries), and the
    calendars built so far by their settings: a reload keeps the days a calendar worked out
    while its settings (and holidays) stay the same, so it costs two queries, not a rebuild."""

    def __init__(self):
        self.by_unit: dict[int, Calendar | None] = {}
        self.built: dict[tuple, Calendar] = {}
        self.loaded_at = -TTL_SECONDS - 1.0

    def get(self, unit_id: int) -> Calendar | None:
        if monotonic_time.monotonic() - self.loaded_at > TTL_SECONDS:
            self.load()
        try:
            return self.by_unit[unit_id]
        except KeyError:  # a unit made since the load, or none
            self.load([unit_id])
            return self.by_unit.get(unit_id)

    def load(self, only: list[int] | None = None) -> None:
        query = select(
            OrgUnit.id,
            OrgUnit.path,
            OrgUnit.country,
            OrgUnit.subdivision,
            OrgUnit.timezone,
            OrgUnit.working_days,
            OrgUnit.opens_at,
            OrgUnit.closes_at,
        )
        if only is not None:
            query = query.where(OrgUnit.id.in_(only))
        units = db.session.execute(query).all()
        ancestors = {unit.id: set(ancestor_ids(unit.path or "/")) | {unit.id} for unit in units}
        local = defaultdict(set)
        holidays = select(Holiday.org_unit_id, Holiday.day)
        if only is not None:
            holidays = holidays.where(Holiday.org_unit_id.in_(set().union(*ancestors.values())))
        for unit_id, day in db.session.execute(holidays):
            local[unit_id].add(day)
        built = {} if only is None else self.built
        by_unit = {} if only is None else self.by_unit
        for unit in units:
            days = frozenset().union(*(local.get(a, ()) for a in ancestors[unit.id]))
            key = _settings(unit, days)
            if key is None:
                by_unit[unit.id] = None
                continue
            calendar = built.get(key) or self.built.get(key) or _calendar(*key)
            by_unit[unit.id] = built[key] = calendar
        for unit_id in only or ():
            by_unit.setdefault(unit_id, None)  # no such unit: round the clock
        if only is None:
            self.by_unit, self.built = by_unit, built
            self.loaded_at = monotonic_time.monotonic()


_cache = _Cache()


def for_unit(unit_id: int | None) -> Calendar | None:
    """The calendar of a unit (None: no unit, or no such unit; the clock runs round the
    clock)."""
    if unit_id is None:
        return None
    return _cache.get(unit_id)


def forget() -> None:
    """Units or holidays changed: read every unit's settings again when next asked."""
    _cache.loaded_at = -TTL_SECONDS - 1.0


def _settings(unit, local: frozenset[date]) -> tuple | None:
    """Everything a unit's calendar depends on, or None for an office with no working days
    (its clock could never run, so it runs round the clock)."""
    weekdays = frozenset(int(c) for c in unit.working_days or "" if c in "0123456")
    if not weekdays:
        log.warning("unit %s has no working days: its deadlines run round the clock", unit.id)
        return None
    country = (unit.country or "IN").upper()
    return (
        _zone(unit.timezone).key,
        weekdays,
        unit.opens_at or time(10),
        unit.closes_at or time(18),
        country,
        _subdivision(country, unit.subdivision),
        local,
    )


def _calendar(zone, weekdays, opens, closes, country, subdivision, local) -> Calendar:
    def closed_days(first_year: int, last_year: int) -> set[date]:
        days = set(local)
        for year in range(first_year, last_year + 1):
            days |= public_holidays(country, subdivision, year)
        return days

    return Calendar(ZoneInfo(zone), weekdays, opens, closes, closed_days)


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
