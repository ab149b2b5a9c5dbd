"""`/track/<tracking_no>`: anyone with the number sees the state and the public timeline;
no personal data (name, phone, address) is shown."""

from flask import Blueprint, abort, render_template

from app.services.grievance import ticket_states, tickets, timeline
from app.views.grievance import panels

bp = Blueprint("track", __name__)


@bp.route("/track/<tracking_no>")
def track(tracking_no: str):
    ticket = tickets.by_tracking_no(tracking_no)  # a malformed number: the 400 page
    if ticket is None:
        abort(404)
    events = timeline.public_events(ticket)
    return render_template(
        "grievance/track.html",
        ticket=ticket,
        events=events,
        state_label=ticket_states.label,
        fixed=ticket_states.category(ticket.state),
        panels=panels.for_ticket(ticket, "grievance.track_panel"),
    )
