"""The tickets behind the dashboard as CSV rows, one per ticket with its milestone timestamps
(as FixMyStreet exports them), read from the database in batches so that a million rows never
sit in memory. No names, phone numbers or e-mail addresses: exports travel."""

from collections.abc import Iterator
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from app.core.dates import deployment_zone, end_of_local_day
from app.extensions import db
from app.models.grievance.ticket import Ticket
from app.models.org import OrgUnit
from app.services.dashboard import store as dashboard_store
from app.services.dashboard.figures import Filters
from app.services.grievance import ticket_states
from app.services.org.tree import subtree_ids

BATCH = 5_000
MILESTONES = (
    ("created_at", _l("Created")),
    ("acknowledged_at", _l("Acknowledged")),
    ("assigned_at", _l("Assigned")),
    ("first_response_at", _l("First response")),
    ("primary_action_at", _l("Work started")),
    ("resolved_at", _l("Resolved")),
    ("closed_at", _l("Closed")),
    ("first_response_due", _l("First response due")),
    ("primary_action_due", _l("Work start due")),
    ("resolution_due", _l("Resolution due")),
    ("first_response_breached_at", _l("First response missed")),
    ("resolution_breached_at", _l("Resolution missed")),
    ("escalated_at", _l("Escalated")),
)
HEADER = (
    _l("Tracking number"),
    _l("Kind"),
    _l("Category"),
    _l("Department"),
    _l("Ward"),
    _l("Unit"),
    _l("Channel"),
    _l("State"),
    _l("Priority"),
    _l("Assigned to"),
    *(title for _column, title in MILESTONES),
    _l("Escalation level"),
    _l("Latitude"),
    _l("Longitude"),
    _l("Address"),
    _l("Description"),
    _l("Link"),
)
COLUMNS = (
    Ticket.tracking_no,
    Ticket.kind,
    Ticket.category_id,
    Ticket.department_id,
    Ticket.ward_id,
    Ticket.org_unit_id,
    Ticket.channel,
    Ticket.state,
    Ticket.priority,
    Ticket.assignee_id,
    *(getattr(Ticket, column) for column, _title in MILESTONES),
    Ticket.level,
    Ticket.latitude,
    Ticket.longitude,
    Ticket.address,
    Ticket.description,
)


def tickets(filters: Filters, criterion, labels: dict[str, dict]) -> tuple[list[str], Iterator]:
    """The header and a generator of rows: tickets created in the range, oldest first, within
    `criterion` (the reader's row scope; None for every ticket)."""
    query = (
        select(*COLUMNS)
        .where(
            Ticket.created_at >= end_of_local_day(filters.start - timedelta(days=1)),
            Ticket.created_at < end_of_local_day(filters.end),
        )
        .order_by(Ticket.created_at, Ticket.id)
        .execution_options(yield_per=BATCH)
    )
    if criterion is not None:
        query = query.where(criterion)
    if filters.department is not None:
        query = query.where(Ticket.department_id == filters.department)
    if filters.ward is not None:
        query = query.where(Ticket.ward_id == filters.ward)
    if filters.unit is not None:
        path = db.session.scalar(select(OrgUnit.path).where(OrgUnit.id == filters.unit))
        query = query.where(Ticket.org_unit_id.in_(subtree_ids([path or "-"])))
    zone = deployment_zone()
    track = current_app.config["PUBLIC_BASE_URL"].rstrip("/") + "/track/"
    states = {state.value: ticket_states.label(state) for state in ticket_states.CATEGORY}
    local = _LocalTimes(zone)
    codes = {
        "channel": {m.value: n for n, m in enumerate(dashboard_store.CHANNELS)},
        "kind": {m.value: n for n, m in enumerate(dashboard_store.KINDS)},
    }

    def rows():
        for row in db.session.execute(query):
            (number, kind, category, department, ward, unit, channel, state, priority) = row[:9]
            officer, times = row[9], row[10 : 10 + len(MILESTONES)]
            level, latitude, longitude, address, description = row[10 + len(MILESTONES) :]
            yield (
                number,
                labels["kind"].get(codes["kind"].get(_value(kind))),
                labels["category"].get(category),
                labels["department"].get(department),
                labels["ward"].get(ward),
                labels["unit"].get(unit),
                labels["channel"].get(codes["channel"].get(_value(channel))),
                states.get(_value(state)),
                labels["priority"].get(_value(priority)),
                labels["officer"].get(officer),
                *(local.iso(moment) for moment in times),
                level,
                latitude,
                longitude,
                address,
                description,
                f"{track}{number}" if number else None,
            )

    return [str(title) for title in HEADER], rows()


def _value(member) -> str | None:
    return getattr(member, "value", member)


class _LocalTimes:
    """Stored times (naive UTC) as ISO 8601 in the deployment's zone with its offset, to the
    second; the zone's offset is looked up once per hour (zones change on the hour)."""

    def __init__(self, zone: ZoneInfo):
        self.zone = zone
        self.offsets: dict[tuple, tuple[timedelta, str]] = {}

    def iso(self, moment: datetime | None) -> str | None:
        if moment is None:
            return None
        hour = (moment.year, moment.month, moment.day, moment.hour)
        if hour not in self.offsets:
            local = moment.replace(tzinfo=ZoneInfo("UTC")).astimezone(self.zone)
            self.offsets[hour] = (local.utcoffset(), local.isoformat()[-6:])
        offset, suffix = self.offsets[hour]
        return (moment + offset).replace(microsecond=0).isoformat() + suffix
