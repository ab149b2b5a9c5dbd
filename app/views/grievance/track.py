"""`/track/<tracking_no>`: anyone with the number sees the state and the public timeline;
no personal data (name, phone, address) is shown."""

from flask import Blueprint, abort, current_app, render_template

from app.extensions import db
from app.models.grievance.ticket import Ticket
from app.models.payments import Payment, PaymentStatus
from app.services.grievance import feedback, ticket_states, timeline
from app.services.grievance.tracking import parse_tracking_no

bp = Blueprint("track", __name__)


@bp.route("/track/<tracking_no>")
def track(tracking_no: str):
    ticket = db.session.get(Ticket, parse_tracking_no(tracking_no))
    if ticket is None:
        abort(404)
    events = timeline.public_events(ticket)
    return render_template(
        "grievance/track.html",
        ticket=ticket,
        events=events,
        state_label=ticket_states.label,
        fixed=ticket_states.category(ticket.state),
        owed=_owed(ticket),
        can_rate="portal.rate" in current_app.view_functions
        and feedback.awaiting(ticket.citizen_id) == ticket,
    )


def _owed(ticket: Ticket) -> list[Payment]:
    """The ticket's payment requests still waiting to be paid, when payments are on."""
    if "pay.pay" not in current_app.view_functions:
        return []
    return (
        db.session.query(Payment)
        .filter_by(link_kind="ticket", link_id=ticket.id, status=PaymentStatus.pending)
        .order_by(Payment.id)
        .all()
    )
