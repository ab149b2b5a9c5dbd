"""The SLA sweep (every 30 s): warn the assignee before a target is missed, record each breach
on the ticket's timeline, escalate to the department's supervisor, and one level up (every
supervisor) when the target is still unmet after another interval of the same length."""

from datetime import datetime, timedelta

from flask_appbuilder.security.sqla.models import Role
from flask_babel import lazy_gettext as _l

from app.extensions import db
from app.models.staff import StaffUser
from app.models.ticket import Ticket
from app.services import notify, sla, ticket_states, timeline
from app.services.clock import utc_now
from app.services.dates import local_datetime

WARN_FRACTION = 0.2  # warn when a fifth of the target's time is left
BATCH = 500

TEXTS = {
    "warning": _l("%(tracking_no)s: %(target)s due at %(due)s. Please act now."),
    "breach": _l(
        "%(tracking_no)s (%(category)s, %(ward)s): %(target)s missed; it was due at "
        "%(due)s. Escalated to you."
    ),
}


def sweep(now: datetime | None = None) -> dict:
    now = now or utc_now()
    done = {"warnings": 0, "breaches": 0, "escalations": 0}
    messages = []
    for target, (due_column, milestone_column) in sla.TARGETS.items():
        due, milestone = getattr(Ticket, due_column), getattr(Ticket, milestone_column)
        breached = getattr(Ticket, f"{target}_breached_at")
        warned = getattr(Ticket, f"{target}_warned_at")
        unmet = _open().filter(milestone.is_(None))
        for ticket in unmet.filter(due < now, breached.is_(None)).limit(BATCH):
            setattr(ticket, f"{target}_breached_at", now)
            timeline.record(
                ticket, "sla_breach", target=target, due=_iso(getattr(ticket, due_column))
            )
            done["breaches"] += 1
            if ticket.escalation_level < 1:
                messages += _escalate(ticket, target, 1, now)
                done["escalations"] += 1
        horizon = now + timedelta(days=3)  # no SLA target here is longer
        for ticket in unmet.filter(due >= now, due < horizon, warned.is_(None)).limit(BATCH):
            deadline = getattr(ticket, due_column)
            if now >= deadline - (deadline - ticket.created_at) * WARN_FRACTION:
                setattr(ticket, f"{target}_warned_at", now)
                timeline.record(ticket, "sla_warning", target=target, due=_iso(deadline))
                messages += _warn(ticket, target, deadline)
                done["warnings"] += 1
    for ticket in _open().filter(Ticket.escalation_level == 1).limit(BATCH):
        if _still_unmet_after_another_interval(ticket, now):
            messages += _escalate(ticket, _first_breach(ticket), 2, now)
            done["escalations"] += 1
    db.session.commit()
    notify.dispatch(messages)
    return done


def _open():
    return db.session.query(Ticket).filter(Ticket.state.in_(ticket_states.open_states()))


def _warn(ticket: Ticket, target: str, deadline: datetime) -> list:
    officer = ticket.assignee
    if officer is None or not officer.phone:
        return []
    body = _text("warning", officer.language, ticket, target, deadline)
    return [
        notify.queue_to(
            ticket, "sms", officer.phone, officer.language, f"sla-warning-{target}", body
        )
    ]


def _escalate(ticket: Ticket, target: str, level: int, now: datetime) -> list:
    ticket.escalation_level, ticket.escalated_at = level, now
    people = _supervisors(ticket, level)
    timeline.record(
        ticket,
        "escalated",
        level=level,
        target=target,
        to=", ".join(str(u.username) for u in people),
    )
    deadline = getattr(ticket, sla.TARGETS[target][0])
    return [
        notify.queue_to(
            ticket,
            "email",
            user.email,
            user.locale or "en",
            f"sla-escalation-{level}-{user.id}",
            _text("breach", user.locale or "en", ticket, target, deadline),
        )
        for user in people
    ]


def _supervisors(ticket: Ticket, level: int) -> list[StaffUser]:
    if level == 1 and ticket.department.supervisor is not None:
        return [ticket.department.supervisor]
    return _active_with_role("Supervisor") or _active_with_role("Admin")


def _active_with_role(role: str) -> list[StaffUser]:
    return (
        db.session.query(StaffUser)
        .join(StaffUser.roles)
        .filter(Role.name == role, StaffUser.active.is_(True))
        .order_by(StaffUser.id)
        .all()
    )


def _first_breach(ticket: Ticket) -> str:
    breaches = {t: getattr(ticket, f"{t}_breached_at") for t in sla.TARGETS}
    return min((t for t, at in breaches.items() if at), key=lambda t: breaches[t])


def _still_unmet_after_another_interval(ticket: Ticket, now: datetime) -> bool:
    target = _first_breach(ticket)
    due_column, milestone_column = sla.TARGETS[target]
    if getattr(ticket, milestone_column) is not None:
        return False
    interval = getattr(ticket, due_column) - ticket.created_at
    return now >= ticket.escalated_at + interval


def _text(kind: str, language: str, ticket: Ticket, target: str, deadline: datetime) -> str:
    return notify.render(
        language,
        TEXTS[kind],
        tracking_no=ticket.tracking_no,
        target=notify.render(language, sla.TARGET_LABELS[target]),
        due=local_datetime(deadline, language),
        category=ticket.category.localized("name", language),
        ward=ticket.ward.localized("name", language) if ticket.ward else "",
    )


def _iso(value: datetime) -> str:
    return value.isoformat(timespec="seconds")
