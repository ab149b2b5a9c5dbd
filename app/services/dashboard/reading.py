"""How the dashboard's copy reads the database: one row of plain integers per ticket (the same
SQL on PostgreSQL and SQLite), every ticket at once through PostgreSQL's binary COPY, and the
tickets written since a look from the `ticket_change` log."""

import numpy as np
from sqlalchemy import BigInteger, Integer, case, cast, extract, func, literal, or_, select, text

from app.extensions import db
from app.models.grievance.ticket import Channel, Feedback, Ticket, TicketChange, TicketState
from app.models.org import CategoryKind
from app.services.grievance import ticket_states

CHANNELS = list(Channel)
KINDS = list(CategoryKind)
STATES = list(TicketState)
NONE = -1  # no ward, no assignee, no unit, not resolved, no first response

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
    "level": np.int16,  # who holds it on the escalation ladder: 1 the assignee
    "rating": np.int8,  # the latest rating, 0 when none
    "unit": np.int32,  # the org unit holding it, NONE when none
    "appeal_of": np.int32,  # the ticket an appeal is against, NONE for any other ticket
    "state": np.int8,  # index in STATES
    "due": np.int64,  # UTC seconds of the resolution deadline
    "paused": np.bool_,  # a pause state stops its clock
}


def select_tickets():
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
        t.c.level,
        cast(func.coalesce(latest.c.rating, 0), Integer),
        func.coalesce(t.c.org_unit_id, NONE),
        func.coalesce(t.c.appeal_of_id, NONE),
        _code(t.c.state, STATES),
        func.coalesce(_seconds(t.c.resolution_due), NONE),
        _flag(t.c.paused_at.isnot(None)),
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


def fetch(rows) -> dict[str, np.ndarray]:
    names = ["id", *COLUMNS]
    if not rows:
        return {name: np.zeros(0, dtype=COLUMNS.get(name, np.int64)) for name in names}
    table = np.array(rows, dtype=np.int64)
    return {name: table[:, n].astype(COLUMNS.get(name, np.int64)) for n, name in enumerate(names)}


# PostgreSQL's binary COPY: each row is a field count, then (length, value) per field.
_WIDE = {"created", "resolved", "due"}


def postgres_copy() -> tuple[tuple, dict[str, np.ndarray]]:
    """Every ticket through one binary COPY read straight into numpy, under one snapshot
    together with the horizon, so nothing written meanwhile is missed or counted twice."""
    names = ["id", *COLUMNS]
    record = [("fields", ">i2")]
    for name in names:
        record += [(f"{name}_length", ">i4"), (name, ">i8" if name in _WIDE else ">i4")]
    query = select_tickets().compile(db.engine, compile_kwargs={"literal_binds": True})
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


def changes_since(connection, horizon) -> tuple:
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


def sqlite_horizon(connection) -> int:
    return connection.execute(select(func.coalesce(func.max(TicketChange.id), 0))).scalar()
