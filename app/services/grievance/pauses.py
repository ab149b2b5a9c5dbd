"""Pause states: while a ticket waits for the citizen or another agency its SLA clock stops.

Entering a pause state stamps Ticket.paused_at and removes the ticket's SLA timers, so the
sweep neither warns nor breaches it; a timer that is not about a deadline (an escalation's
next rung) is kept on the `paused` event with the working minutes it had left. Leaving moves
every unmet deadline on by the time that was left when it stopped (on the category's clock:
office hours stop at night too) and re-arms the timers. Both steps are on the timeline.
"""

from datetime import datetime

from app.extensions import db
from app.models.grievance.ticket import SlaTimer, Ticket, TicketEvent
from app.models.grievance.ticket import TicketState as S
from app.services.grievance import sla, ticket_states, timeline

DEADLINE_STEPS = ("warn", "breach")  # timers arm_timers makes again from the deadlines


def follow(ticket: Ticket, target: S, actor, now: datetime) -> None:
    """Stop or restart the clock as the ticket enters or leaves a pause state (called by the
    desk whenever a ticket changes state, once the change is stamped and recorded)."""
    pausing = target in ticket_states.PAUSES
    if pausing and ticket.paused_at is None:
        pause(ticket, target, actor, now)
    elif not pausing and ticket.paused_at is not None:
        resume(ticket, target, actor, now)


def pause(ticket: Ticket, target: S, actor, now: datetime) -> None:
    clock, unit = ticket.category.clock, ticket.org_unit_id
    kept = []
    for timer in db.session.query(SlaTimer).filter_by(ticket_id=ticket.id):
        if timer.step not in DEADLINE_STEPS:
            left = max(sla.minutes_between(unit, clock, now, timer.fires_at), 0)
            kept.append({"target": timer.target, "step": timer.step, "left": left})
    db.session.query(SlaTimer).filter_by(ticket_id=ticket.id).delete()
    ticket.paused_at = now
    data = {"state": target.value}
    if kept:
        data["timers"] = kept
    # public: the citizen sees that the clock waits with them (the tracking page)
    timeline.record(ticket, "paused", actor, public=True, **data)


def resume(ticket: Ticket, target: S, actor, now: datetime) -> None:
    clock, unit, paused_at = ticket.category.clock, ticket.org_unit_id, ticket.paused_at
    for name, (due_column, milestone_column) in sla.TARGETS.items():
        due, reached = getattr(ticket, due_column), getattr(ticket, milestone_column)
        # met before the pause, or missed: as it was; met while paused (a public reply) or by
        # this very step: its deadline moves on too, so it counts as met
        if (reached and reached < paused_at) or getattr(ticket, f"{name}_breached_at"):
            continue
        left = sla.minutes_between(unit, clock, paused_at, due)
        if left > 0:  # a deadline already missed when the clock stopped stays missed
            setattr(ticket, due_column, sla.due_after(unit, clock, now, left))
    ticket.paused_at = None
    stopped = sla.minutes_between(unit, clock, paused_at, now)
    timeline.record(
        ticket,
        "resumed",
        actor,
        public=True,
        state=target.value,
        paused_minutes=round((now - paused_at).total_seconds() / 60),
        clock_minutes=stopped,  # the clock's time the deadlines moved on by (set_deadlines)
    )
    if not ticket_states.is_open(target):
        return  # resolved or closed straight from the pause: nothing left to time
    db.session.query(SlaTimer).filter_by(ticket_id=ticket.id).delete()
    sla.arm_timers(ticket, now)
    db.session.flush()
    armed = {timer.target for timer in db.session.query(SlaTimer).filter_by(ticket_id=ticket.id)}
    for timer in _kept_timers(ticket.id):
        if timer["target"] not in armed:
            fires_at = sla.due_after(unit, clock, now, timer["left"])
            db.session.add(
                SlaTimer(
                    ticket_id=ticket.id,
                    target=timer["target"],
                    step=timer["step"],
                    fires_at=fires_at,
                )
            )


def _kept_timers(ticket_id: int) -> list[dict]:
    """The timers the last pause kept on its event."""
    event = (
        db.session.query(TicketEvent)
        .filter_by(ticket_id=ticket_id, kind="paused")
        .order_by(TicketEvent.id.desc())
        .first()
    )
    return (event.data or {}).get("timers", []) if event else []
