"""The dashboard's copy of the ticket table: a few numbers per ticket in numpy arrays, held by
each web process (about 80 bytes a ticket: 80 MB at a million).

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

from app.core.clock import utc_now
from app.core.dates import deployment_zone
from app.extensions import db
from app.models.grievance.ticket import Ticket
from app.services.dashboard import reading
from app.services.dashboard.reading import CHANNELS, COLUMNS, KINDS, NONE, STATES  # noqa: F401

RELOAD_AFTER = timedelta(minutes=30)  # idle longer: reload (the log keeps an hour)
RECENT_KEPT = 200_000  # ids of recent changes kept for the scope masks (scopes.py) to catch up
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
        # what others derived from the rows (scope masks) follow: `epoch` changes when rows
        # move, `generation` at each write, `recent` keeps the ids each write changed
        self.epoch = 0
        self.generation = 0
        self.recent: list[tuple[int, np.ndarray]] = []

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
            horizon, rows = reading.postgres_copy()
        else:
            with db.engine.connect() as connection:
                horizon = reading.sqlite_horizon(connection)
                rows = reading.fetch(connection.execute(reading.select_tickets()).all())
        self.arrays, self.length, self.absent = _empty(max(1, len(rows["id"]))), 0, 0
        self._cells = {}
        self.position = np.full(int(rows["id"].max()) + 1 if len(rows["id"]) else 1, NONE)
        self.epoch += 1
        self.recent = []
        self._put(rows)
        self.horizon = horizon

    def _catch_up(self) -> None:
        # a connection of its own: the request's session and what it has loaded stay as they are
        with db.engine.connect() as connection:
            horizon, ids = reading.changes_since(connection, self.horizon)
            if ids:
                query = reading.select_tickets().where(Ticket.id.in_(ids))
                rows = reading.fetch(connection.execute(query).all())
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
        self.generation += 1
        self.recent.append((self.generation, np.asarray(ids, dtype=np.int64)))
        while sum(len(changed) for _g, changed in self.recent) > RECENT_KEPT:
            self.recent.pop(0)

    def changed_since(self, generation: int) -> np.ndarray | None:
        """The ids of the tickets written after `generation`; None when no longer known."""
        if generation == self.generation:
            return np.zeros(0, dtype=np.int64)
        if not self.recent or self.recent[0][0] > generation + 1:
            return None
        return np.unique(np.concatenate([ids for g, ids in self.recent if g > generation]))

    def _sort(self) -> None:
        """Back in day order after a ticket's creation time was changed (rare)."""
        order = np.argsort(self.arrays["day"][: self.length], kind="stable")
        for array in self.arrays.values():
            array[: self.length] = array[: self.length][order]
        self.position[self.arrays["id"][: self.length]] = np.arange(self.length)
        self._cells = {}
        self.epoch += 1

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


_copy = TicketColumns()


@contextmanager
def up_to_date():
    """This process's copy, brought up to date and held still while the caller reads it."""
    with _copy.lock:
        _copy.refresh()
        yield _copy
