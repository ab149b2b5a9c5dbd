"""`/track/<tracking_no>`: anyone with the number sees the state and the public timeline;
no personal data (name, phone, address) is shown."""

from flask import Blueprint, abort, render_template

from app.extensions import db
from app.models.ticket import Ticket
from app.services import ticket_states
from app.services.tracking import parse_tracking_no

bp = Blueprint("track", __name__)


@bp.route("/track/<tracking_no>")
def track(tracking_no: str):
    ticket = db.session.get(Ticket, parse_tracking_no(tracking_no))
    if ticket is None:
        abort(404)
    events = [e for e in ticket.events if e.public]
    return render_template(
        "tickets/track.html",
        ticket=ticket,
        events=events,
        state_label=ticket_states.label,
        fixed=ticket_states.category(ticket.state),
    )
