"""The dashboard's copy of the ticket table: a few numbers per ticket in numpy arrays, held by
each web process (about 60 bytes a ticket: 60 MB at a million).

Any filter and any grouping is then a few vectorised passes (milliseconds at a million
tickets), and the figures stay exact: before each read the copy takes in the tickets written
since its last look, from the `ticket_change` log that database triggers fill (see
app/services/ticket_changes.py). A copy that has not looked for longer than the log is kept loads
everything again.
"""

import threading
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import numpy as np
from sqlalchemy import BigInteger, Integer, case, cast, extract, func, literal, or_, select, text

from app.core.clock import utc_now
from app.core.dates import deployment_zone
from app.extensions import db
from app.models.grievance.ticket import Channel, Feedback, Ticket, TicketChange
from app.models.org import CategoryKind
from app.services.grievance import ticket_states

CHANNELS = list(Channel)
KINDS = list(CategoryKind)
RELOAD_AFTER = timedelta(minutes=30)  # idle longer: reload (the log keeps an hour)
NONE = -1  # no ward, no assignee, not resolved, no first response

# name -> numpy type; the order is the order of the SELECT after the id
COLUMNS = {
    "created": np.int64,  # UTC seconds
    "department": np.int32,
    "ward": np.int32,
    "category": np.int32,
    "channel": np.int8,
    "kind": np.int8,
    "assignee": np.int32,
    "open": np.bool_,
    "resolved": np.int64,  # UTC seconds, NONE while unresolved
    "first_response": np.int32,  # seconds from creation, NONE before it
    "resolution": np.int32,  # seconds from creation to resolution, NONE before it
    "breached": np.bool_,  # a target recorded as missed, or met late
    "escalated": np.bool_,
    "rating": np.int8,  # the latest rating, 0 when none
}
DERIVED = {"day": np.int32, "resolved_day": np.int32}  # days in the deployment's calendar
STORED = {**COLUMNS, **DERIVED, "id": np.int32}
HISTOGRAM_CELLS = 2**18  # cells of one median histogram (groups x buckets): read per answer


class TicketColumns:
    """The copy's rows are kept in the order of the day each ticket was created, so that a
    date range is one slice of every array (no copying); `position` finds a ticket's row."""

    def __init__(self):
        self.lock = threading.Lock()
        self.arrays: dict[str, np.ndarray] = {}  # column -> array; the first `length` rows used
        self.length = 0
        self.position = np.zeros(0, dtype=np.int64)  # ticket id -> row, NONE when not here
        self.absent = 0  # rows of tickets that no longer exist (`present` is False)
        # where the change log is read from next time: on PostgreSQL the snapshot of the last
        # look (next xid, the transactions still running), on SQLite the last log id seen
        self.horizon = None
        self.looked_at: datetime | None = None
        self._cells: dict[tuple[str, str], tuple[np.ndarray, int, int]] = {}

    def refresh(self) -> None:
        """Take in every ticket written since the last look (or load all of them)."""
        now = utc_now()
        if self.looked_at is None or now - self.looked_at > RELOAD_AFTER:
            self._load_all()
        else:
            self._catch_up()
        self.looked_at = now

    def rows(self) -> dict[str, np.ndarray]:
        """Every column, the used rows only (views)."""
        return {name: array[: self.length] for name, array in self.arrays.items()}

    def days(self, first: int, last: int) -> slice:
        """The rows of the tickets created from day `first` to day `last`."""
        days = self.arrays["day"][: self.length]
        return slice(
            int(np.searchsorted(days, first, "left")), int(np.searchsorted(days, last, "right"))
        )

    def cells(self, group: str, measure: str) -> tuple[np.ndarray, int]:
        """Each row's cell in a histogram of `measure` (seconds) per `group`: row `group + 2`
        (so NONE, not assigned, is row 1), column the value's bucket; cell 0 when the measure
        is unknown. With the histogram's width. Kept up to date with the rows."""
        if (group, measure) not in self._cells:
            self._cells[(group, measure)] = self._histogram(group, measure)
        cells, width, _shift = self._cells[(group, measure)]
        return cells[: self.length], width

    def _histogram(self, group: str, measure: str) -> tuple[np.ndarray, int, int]:
        groups, values = self.arrays[group][: self.length], self.arrays[measure][: self.length]
        width = max(64, HISTOGRAM_CELLS // (int(groups.max(initial=0)) + 3))
        shift = max(0, int(values.max(initial=1)).bit_length() - (width - 1).bit_length())
        cells = np.zeros(len(self.arrays["id"]), dtype=np.int32)
        cells[: self.length] = _cell(groups, values, width, shift)
        return cells, width, shift

    def _update_cells(self, rows: np.ndarray) -> None:
        for (group, measure), (cells, width, shift) in list(self._cells.items()):
            groups = self.arrays[group][rows]
            if len(groups) and int(groups.max()) + 3 > HISTOGRAM_CELLS // width:
                del self._cells[(group, measure)]  # a new group: rebuilt when next asked
            else:
                cells[rows] = _cell(groups, self.arrays[measure][rows], width, shift)

    def _load_all(self) -> None:
        if db.engine.dialect.name == "postgresql":
            horizon, rows = _postgres_copy()
        else:
            with db.engine.connect() as connection:
                horizon = _sqlite_horizon(connection)
                rows = _fetch(connection.execute(_select()).all())
        self.arrays, self.length, self.absent = _empty(max(1, len(rows["id"]))), 0, 0
        self._cells = {}
        self.position = np.full(int(rows["id"].max()) + 1 if len(rows["id"]) else 1, NONE)
        self._put(rows)
        self.horizon = horizon

    def _catch_up(self) -> None:
        # a connection of its own: the request's session and what it has loaded stay as they are
        with db.engine.connect() as connection:
            horizon, ids = _changes_since(connection, self.horizon)
            if ids:
                rows = _fetch(connection.execute(_select().where(Ticket.id.in_(ids))).all())
                self._put(rows, gone=set(ids) - set(rows["id"].tolist()))
        self.horizon = horizon

    def _put(self, rows: dict, gone=()) -> None:
        zone = deployment_zone()
        rows = rows | {
            "day": local_days(rows["created"], zone),
            "resolved_day": local_days(rows["resolved"], zone),
        }
        ids = rows["id"]
        if len(ids) and ids.max() >= len(self.position):
            grown = np.full(max(int(ids.max()) + 1, 2 * len(self.position)), NONE)
            grown[: len(self.position)] = self.position
            self.position = grown
        where = self.position[ids]
        known = where != NONE
        in_order = True
        if known.any():  # changed tickets: in place
            old = where[known]
            in_order = bool(np.all(self.arrays["day"][old] == rows["day"][known]))
            for name in STORED:
                self.arrays[name][old] = rows[name][known]
            self._update_cells(old)
        new = np.flatnonzero(~known)
        if len(new):  # new tickets: at the end, in day order
            new = new[np.argsort(rows["day"][new], kind="stable")]
            if self.length and rows["day"][new[0]] < self.arrays["day"][self.length - 1]:
                in_order = False
            if self.length + len(new) > len(self.arrays["id"]):
                self._grow(self.length + len(new))
            at = np.arange(self.length, self.length + len(new))
            for name in STORED:
                self.arrays[name][at] = rows[name][new]
            self.arrays["present"][at] = True
            self.position[ids[new]] = at
            self.length += len(new)
            self._update_cells(at)
        for ticket_id in gone:
            row = self.position[ticket_id] if ticket_id < len(self.position) else NONE
            if row != NONE and self.arrays["present"][row]:
                self.arrays["present"][row] = False
                self.absent += 1
        if not in_order:
            self._sort()

    def _sort(self) -> None:
        """Back in day order after a ticket's creation time was changed (rare)."""
        order = np.argsort(self.arrays["day"][: self.length], kind="stable")
        for array in self.arrays.values():
            array[: self.length] = array[: self.length][order]
        self.position[self.arrays["id"][: self.length]] = np.arange(self.length)
        self._cells = {}

    def _grow(self, needed: int) -> None:
        bigger = _empty(max(needed, 2 * len(self.arrays["id"])))
        for name, array in self.arrays.items():
            bigger[name][: len(array)] = array
        self.arrays = bigger
        self._cells = {}


def _cell(groups: np.ndarray, values: np.ndarray, width: int, shift: int) -> np.ndarray:
    buckets = np.minimum(values >> shift, width - 1)  # the last bucket holds any larger value
    return np.where(values >= 0, (groups + 2) * width + buckets, 0).astype(np.int32)


def local_days(seconds: np.ndarray, zone: ZoneInfo) -> np.ndarray:
    """Days since 1970-01-01 in the deployment's calendar; NONE stays NONE. The zone's offset
    is looked up once per UTC hour present (a zone changes offset on the hour)."""
    days = np.full(len(seconds), NONE, dtype=np.int32)
    known = seconds != NONE
    if not known.any():
        return days
    hours, where = np.unique(seconds[known] // 3600, return_inverse=True)
    offsets = np.array(
        [zone.utcoffset(datetime.fromtimestamp(int(h) * 3600, UTC)).total_seconds() for h in hours],
        dtype=np.int64,
    )
    days[known] = (seconds[known] + offsets[where]) // 86400
    return days


def _empty(size: int) -> dict[str, np.ndarray]:
    arrays = {
        name: np.full(size, NONE, dtype=kind) if kind != np.bool_ else np.zeros(size, kind)
        for name, kind in STORED.items()
    }
    arrays["present"] = np.zeros(size, dtype=np.bool_)
    return arrays


def _select():
    """One row of plain integers per ticket, the same SQL on PostgreSQL and SQLite."""
    t = Ticket.__table__
    latest = (
        select(Feedback.ticket_id, Feedback.rating)
        .where(Feedback.id.in_(select(func.max(Feedback.id)).group_by(Feedback.ticket_id)))
        .subquery()
    )
    open_states = [state.value for state in ticket_states.open_states()]
    breached = or_(
        t.c.first_response_breached_at.isnot(None),
        t.c.primary_action_breached_at.isnot(None),
        t.c.resolution_breached_at.isnot(None),
        t.c.first_response_at > t.c.first_response_due,
        t.c.resolved_at > t.c.resolution_due,
    )
    return select(
        t.c.id,
        _seconds(t.c.created_at),
        t.c.department_id,
        func.coalesce(t.c.ward_id, NONE),
        t.c.category_id,
        _code(t.c.channel, CHANNELS),
        _code(t.c.kind, KINDS),
        func.coalesce(t.c.assignee_id, NONE),
        _flag(t.c.state.in_(open_states)),
        func.coalesce(_seconds(t.c.resolved_at), NONE),
        _duration(t.c.first_response_at, t.c.created_at),
        _duration(t.c.resolved_at, t.c.created_at),
        _flag(breached),
        _flag(t.c.level > 1),
        cast(func.coalesce(latest.c.rating, 0), Integer),
    ).select_from(t.outerjoin(latest, latest.c.ticket_id == t.c.id))


def _seconds(column):
    return cast(extract("epoch", column), BigInteger)


def _duration(later, earlier):
    return cast(
        func.coalesce(
            case((later.isnot(None), _seconds(later) - _seconds(earlier))), literal(NONE)
        ),
        Integer,
    )


def _code(column, members):
    return cast(case(*[(column == m.value, n) for n, m in enumerate(members)], else_=NONE), Integer)


def _flag(condition):
    return cast(case((condition, 1), else_=0), Integer)


def _fetch(rows) -> dict[str, np.ndarray]:
    names = ["id", *COLUMNS]
    if not rows:
        return {name: np.zeros(0, dtype=COLUMNS.get(name, np.int64)) for name in names}
    table = np.array(rows, dtype=np.int64)
    return {name: table[:, n].astype(COLUMNS.get(name, np.int64)) for n, name in enumerate(names)}


# PostgreSQL's binary COPY: each row is a field count, then (length, value) per field.
_WIDE = {"created", "resolved"}


def _postgres_copy() -> tuple[tuple, dict[str, np.ndarray]]:
    """Every ticket through one binary COPY read straight into numpy, under one snapshot
    together with the horizon, so nothing written meanwhile is missed or counted twice."""
    names = ["id", *COLUMNS]
    record = [("fields", ">i2")]
    for name in names:
        record += [(f"{name}_length", ">i4"), (name, ">i8" if name in _WIDE else ">i4")]
    query = _select().compile(db.engine, compile_kwargs={"literal_binds": True})
    raw = db.engine.raw_connection()
    try:
        with raw.driver_connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
            cursor.execute(SNAPSHOT)
            horizon = _horizon(cursor.fetchone()[0])
            chunks = []
            with cursor.copy(f"COPY ({query}) TO STDOUT (FORMAT BINARY)") as copy:
                for chunk in copy:
                    chunks.append(bytes(chunk))
        raw.rollback()
    finally:
        raw.close()
    data = b"".join(chunks)
    header = 19 + int.from_bytes(data[15:19], "big")  # signature, flags, extension length
    table = np.frombuffer(data[header:-2], dtype=np.dtype(record))
    return horizon, {name: table[name].astype(COLUMNS.get(name, np.int64)) for name in names}


SNAPSHOT = "SELECT txid_current_snapshot()::text"
# Written since a snapshot "xmin:xmax:running,...": by transactions that had not started
# (txid >= xmax) or were still running then; everything else was already visible to it.
CHANGES = text(
    "SELECT txid_current_snapshot()::text, ARRAY(SELECT DISTINCT CAST(unnest(string_to_array("
    "ticket_ids, ',')) AS integer) FROM ticket_change "
    "WHERE txid >= :xmax OR txid = ANY(CAST(:running AS bigint[])))"
)


def _horizon(snapshot: str) -> tuple[int, list[int]]:
    _xmin, xmax, running = snapshot.split(":")
    return int(xmax), [int(txid) for txid in running.split(",") if txid]


def _changes_since(connection, horizon) -> tuple:
    if db.engine.dialect.name == "postgresql":
        # one statement, one snapshot: the next horizon and the changes this one has seen
        xmax, running = horizon
        row = connection.execute(CHANGES, {"xmax": xmax, "running": running}).one()
        return _horizon(row[0]), list(row[1])
    # SQLite: one writer at a time, so log ids commit in order
    rows = connection.execute(
        select(TicketChange.id, TicketChange.ticket_ids).where(TicketChange.id > horizon)
    ).all()
    ids = {int(ticket_id) for row in rows for ticket_id in row.ticket_ids.split(",")}
    return max([horizon, *(row.id for row in rows)]), sorted(ids)


def _sqlite_horizon(connection) -> int:
    return connection.execute(select(func.coalesce(func.max(TicketChange.id), 0))).scalar()


_copy = TicketColumns()


@contextmanager
def up_to_date():
    """This process's copy, brought up to date and held still while the caller reads it."""
    with _copy.lock:
        _copy.refresh()
        yield _copy
