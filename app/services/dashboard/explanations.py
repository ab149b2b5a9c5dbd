"""Explanations per officer: how many a higher level asked of each login in the period, and
how many were answered on time, answered late, missed (no answer by the deadline) or are still
awaited. Read straight from the explanation table (a small one), for the tickets the reader may
count, within the dashboard's filters."""

from datetime import timedelta

from sqlalchemy import and_, case, func, select

from app.core.clock import utc_now
from app.core.dates import end_of_local_day
from app.extensions import db
from app.models.base import StaffUser
from app.models.grievance.ticket import Explanation, Ticket
from app.models.org import OrgUnit
from app.services.dashboard.filters import Filters, Scope
from app.services.org.tree import subtree_ids


def per_officer(filters: Filters, scope: Scope) -> list[dict]:
    """One row per login asked, most asked first."""
    if scope.nothing:
        return []
    now = utc_now()
    answered = Explanation.answered_at.isnot(None)
    unanswered = Explanation.answered_at.is_(None)
    on_time = and_(answered, Explanation.answered_at <= Explanation.due_at)
    late = and_(answered, Explanation.answered_at > Explanation.due_at)
    missed = and_(unanswered, (Explanation.missed_at.isnot(None)) | (Explanation.due_at < now))
    query = (
        select(
            Explanation.asked_of_id,
            StaffUser.first_name,
            StaffUser.last_name,
            func.count(Explanation.id),
            _count(on_time),
            _count(late),
            _count(missed),
        )
        .join(Ticket, Ticket.id == Explanation.ticket_id)
        .join(StaffUser, StaffUser.id == Explanation.asked_of_id)
        .where(
            Explanation.created_at >= end_of_local_day(filters.start - timedelta(days=1)),
            Explanation.created_at < end_of_local_day(filters.end),
        )
        .group_by(Explanation.asked_of_id, StaffUser.first_name, StaffUser.last_name)
    )
    if scope.criterion is not None:
        query = query.where(scope.criterion)
    if filters.department is not None:
        query = query.where(Ticket.department_id == filters.department)
    if filters.ward is not None:
        query = query.where(Ticket.ward_id == filters.ward)
    if filters.unit is not None:
        path = db.session.scalar(select(OrgUnit.path).where(OrgUnit.id == filters.unit))
        query = query.where(Ticket.org_unit_id.in_(subtree_ids([path or "-"])))
    rows = [
        {
            "key": str(user),
            "label": f"{first or ''} {last or ''}".strip(),
            "asked": asked,
            "answered_on_time": int(in_time or 0),
            "answered_late": int(after or 0),
            "missed": int(none or 0),
            "awaited": asked - int(in_time or 0) - int(after or 0) - int(none or 0),
        }
        for user, first, last, asked, in_time, after, none in db.session.execute(query)
    ]
    return sorted(rows, key=lambda row: (-row["asked"], row["label"]))


def _count(condition):
    return func.sum(case((condition, 1), else_=0))
