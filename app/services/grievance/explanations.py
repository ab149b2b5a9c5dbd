"""Explanations: a higher level asks a lower one why a ticket was late, with a deadline of its
own. Only someone above the asked person may ask (the head of a unit at or above theirs, or a
supervisor); only the asked person answers; an unanswered one past its deadline is marked
missed by a periodic job. Each step lands on the ticket's append-only timeline and the asked
person hears on their own channel (SMS to an officer with a mobile, else e-mail)."""

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, or_, select, update

from app.core import bulk
from app.core.clock import utc_now
from app.core.dates import local_datetime
from app.extensions import db
from app.models.base import StaffUser
from app.models.grievance.ticket import Explanation, Ticket, TicketEvent
from app.models.org import Officer, OrgUnit, staff_unit
from app.security.scope import is_supervisor
from app.services.grievance import ladder, outbox, timeline
from app.services.grievance.errors import (
    AnswerRequired,
    BadDeadline,
    ExplanationAnswered,
    ExplanationNotAllowed,
    ExplanationNotYours,
    QuestionRequired,
)
from app.services.org.tree import ancestor_ids

QUESTION_MAX, ANSWER_MAX = 2000, 4000
ASKED = _l("%(tracking_no)s: %(asker)s asks you for an explanation by %(due)s: %(question)s")


def units_of(user_id: int) -> set[int]:
    """The units a login works for: its staff units and its officer record's unit."""
    units = set(
        db.session.scalars(select(staff_unit.c.org_unit_id).where(staff_unit.c.user_id == user_id))
    )
    officer_unit = db.session.scalar(select(Officer.org_unit_id).where(Officer.user_id == user_id))
    return units | ({officer_unit} if officer_unit else set())


def may_ask(asker: StaffUser, asked_of_id: int) -> bool:
    """A supervisor (or admin) may ask anyone; a unit head may ask those working at or under
    their unit (not themselves, nor another head of the same unit)."""
    if asker is None or asker.id == asked_of_id:
        return False
    if is_supervisor(asker):
        return True
    headed = set(db.session.scalars(select(OrgUnit.id).where(OrgUnit.head_id == asker.id)))
    if not headed:
        return False
    units = units_of(asked_of_id)
    units |= set(db.session.scalars(select(OrgUnit.id).where(OrgUnit.head_id == asked_of_id)))
    paths = db.session.execute(
        select(OrgUnit.id, OrgUnit.path, OrgUnit.head_id).where(OrgUnit.id.in_(units))
    ).all()
    for unit_id, path, head_id in paths:
        above = set(ancestor_ids(path))
        if head_id == asked_of_id:
            above.discard(unit_id)  # a head answers to the units above their own
        if headed & above:
            return True
    return False


def held_by(ticket: Ticket) -> list[StaffUser]:
    """Who held the ticket: its assignee's login and the heads its escalations went to."""
    ids = []
    if ticket.assignee is not None and ticket.assignee.user_id:
        ids.append(ticket.assignee.user_id)
    names = db.session.scalars(
        select(TicketEvent.data).where(
            TicketEvent.ticket_id == ticket.id, TicketEvent.kind == "escalated"
        )
    )
    logins = [n.strip() for data in names for n in (data or {}).get("to", "").split(",")]
    if logins:
        found = dict(
            db.session.execute(
                select(StaffUser.username, StaffUser.id).where(StaffUser.username.in_(logins))
            ).all()
        )
        ids += [found[name] for name in logins if name in found]
    unique = list(dict.fromkeys(ids))
    users = {u.id: u for u in db.session.query(StaffUser).filter(StaffUser.id.in_(unique))}
    return [users[i] for i in unique if i in users]


def askable(ticket: Ticket, asker: StaffUser) -> list[StaffUser]:
    """Those who held the ticket and whom `asker` may ask."""
    return [user for user in held_by(ticket) if may_ask(asker, user.id)]


def ask(
    ticket: Ticket, asked_of: StaffUser, question: str, due: datetime, actor: StaffUser
) -> Explanation:
    question = (question or "").strip()[:QUESTION_MAX]
    if not question:
        raise QuestionRequired()
    if asked_of is None or not may_ask(actor, asked_of.id):
        raise ExplanationNotAllowed(name=ladder.full_name(asked_of) if asked_of else "—")
    now = utc_now()
    if due is None or due <= now:
        raise BadDeadline()
    explanation = Explanation(
        ticket_id=ticket.id,
        asked_by_id=actor.id,
        asked_of_id=asked_of.id,
        question=question,
        created_at=now,
        due_at=due,
    )
    db.session.add(explanation)
    db.session.flush()
    timeline.record(
        ticket,
        "explanation_asked",
        actor=actor,
        explanation=explanation.id,
        by=ladder.full_name(actor),
        of=ladder.full_name(asked_of),
        due=due.isoformat(timespec="seconds"),
        question=question,
    )
    message = _alert(ticket, asked_of, actor, question, due)
    db.session.commit()
    outbox.dispatch([message])
    return explanation


def _alert(ticket, asked_of, actor, question, due):
    channel, address, language, who = ladder.reach([asked_of])[asked_of.id]
    body = outbox.render(
        language,
        ASKED,
        tracking_no=ticket.tracking_no,
        asker=ladder.full_name(actor),
        due=local_datetime(due, language),
        question=question,
    )
    key = f"explanation-asked-{who}-{utc_now():%Y%m%dT%H%M%S%f}"
    return outbox.queue_to(ticket.id, channel, address, language, key, body)


def answer(explanation: Explanation, text: str, actor: StaffUser) -> Explanation:
    text = (text or "").strip()[:ANSWER_MAX]
    if actor is None or explanation.asked_of_id != actor.id:
        raise ExplanationNotYours()
    if explanation.answered_at is not None:
        raise ExplanationAnswered()
    if not text:
        raise AnswerRequired()
    now = utc_now()
    explanation.answer, explanation.answered_at = text, now
    timeline.record(
        explanation.ticket,
        "explanation_answered",
        actor=actor,
        explanation=explanation.id,
        of=ladder.full_name(actor),
        late=explanation.missed_at is not None or now > explanation.due_at,
        answer=text,
    )
    db.session.commit()
    return explanation


def mark_missed(now: datetime | None = None) -> int:
    """Mark every unanswered explanation past its deadline missed, one timeline line each."""
    now = now or utc_now()
    rows = db.session.execute(
        select(Explanation.id, Explanation.ticket_id, Explanation.asked_of_id, Explanation.due_at)
        .where(
            Explanation.due_at <= now,
            Explanation.answered_at.is_(None),
            Explanation.missed_at.is_(None),
        )
        .with_for_update(skip_locked=True)
    ).all()
    if not rows:
        db.session.rollback()
        return 0
    names = {
        u.id: ladder.full_name(u)
        for u in db.session.query(StaffUser).filter(
            StaffUser.id.in_({row.asked_of_id for row in rows})
        )
    }
    db.session.execute(
        update(Explanation)
        .where(bulk.among(Explanation.id, [row.id for row in rows]))
        .values(missed_at=now)
        .execution_options(synchronize_session=False)
    )
    timeline.record_many(
        "explanation_missed",
        now,
        [
            (
                row.ticket_id,
                {
                    "explanation": row.id,
                    "of": names.get(row.asked_of_id, ""),
                    "due": row.due_at.isoformat(timespec="seconds"),
                },
            )
            for row in rows
        ],
    )
    db.session.commit()
    return len(rows)


def mine(user: StaffUser):
    """The explanations asked of `user`, unanswered first, the nearest deadline first."""
    return (
        db.session.query(Explanation)
        .filter(Explanation.asked_of_id == user.id)
        .order_by(Explanation.answered_at.isnot(None), Explanation.due_at)
    )


def per_officer(since: datetime, unit_ids: list[int] | None = None) -> list[dict]:
    """Per person asked since `since` (optionally: about tickets of these units): asked,
    answered on time, answered late, missed (not answered by the deadline, and not since)."""
    late = func.coalesce(Explanation.answered_at > Explanation.due_at, False)
    answered = Explanation.answered_at.isnot(None)
    overdue = or_(Explanation.missed_at.isnot(None), Explanation.due_at <= utc_now())
    query = (
        select(
            Explanation.asked_of_id,
            func.count().label("asked"),
            func.count().filter(answered, ~late).label("on_time"),
            func.count().filter(answered, late).label("late"),
            func.count().filter(~answered, overdue).label("missed"),
        )
        .where(Explanation.created_at >= since)
        .group_by(Explanation.asked_of_id)
    )
    if unit_ids is not None:
        query = query.join(Ticket, Ticket.id == Explanation.ticket_id).where(
            Ticket.org_unit_id.in_(unit_ids)
        )
    rows = db.session.execute(query).all()
    users = {
        u.id: u for u in db.session.query(StaffUser).filter(StaffUser.id.in_({r[0] for r in rows}))
    }
    found = []
    for user_id, asked, on_time, late_count, missed in rows:
        user = users.get(user_id)
        found.append(
            {
                "user_id": user_id,
                "name": ladder.full_name(user) if user else str(user_id),
                "asked": asked,
                "answered_on_time": on_time,
                "answered_late": late_count,
                "missed": missed,
            }
        )
    return sorted(found, key=lambda row: (-row["missed"], -row["asked"], row["name"]))
