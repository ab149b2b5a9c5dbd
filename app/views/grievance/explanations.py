"""Explanations on screen: the panel of a ticket's page (who was asked, the answers, a form
to ask those who held it, a form to answer) and "My explanations", the list of those asked."""

from datetime import timedelta

from flask import abort, current_app, flash, redirect, request, url_for
from flask_appbuilder import BaseView, expose
from flask_appbuilder.security.decorators import has_access
from flask_babel import gettext as _

from app.core.clock import utc_now
from app.extensions import db
from app.models.base import StaffUser
from app.models.grievance.ticket import Explanation, Ticket
from app.security.scope import acting_user, visible
from app.services.grievance import explanations
from app.services.grievance.errors import BadDeadline
from app.views.base.flashes import flashed_errors
from app.views.grievance.panels import TicketPanel

DEFAULT_HOURS, MAX_HOURS = 24, 24 * 30


def panel_context(ticket) -> dict | None:
    may = current_app.appbuilder.sm.has_access
    if not may("can_read", "Explanation"):
        return None
    user = acting_user()
    asked = (
        db.session.query(Explanation)
        .filter(Explanation.ticket_id == ticket.id)
        .order_by(Explanation.id)
        .all()
    )
    askable = explanations.askable(ticket, user) if may("can_create", "Explanation") else []
    if not asked and not askable:
        return None
    return {
        "explanations": asked,
        "askable": askable,
        "me": user.id,
        "now": utc_now(),
        "default_hours": DEFAULT_HOURS,
        "max_hours": MAX_HOURS,
    }


EXPLANATIONS = TicketPanel("grievance/explanations_panel.html", panel_context)


class ExplanationView(BaseView):
    """`/explanations/`: what the reader was asked to explain, with a form to answer."""

    route_base = "/explanations"
    default_view = "index"
    class_permission_name = "Explanation"
    method_permission_name = {"index": "read", "ask": "create", "answer": "edit"}

    @expose("/")
    @has_access
    def index(self):
        return self.render_template(
            "grievance/my_explanations.html",
            explanations=explanations.mine(acting_user()).all(),
            now=utc_now(),
        )

    @expose("/ask/<int:ticket_id>", methods=["POST"])
    @has_access
    def ask(self, ticket_id):
        ticket = visible(Ticket, ticket_id)
        if ticket is None:
            abort(404)
        asked_of = db.session.get(StaffUser, request.form.get("asked_of", type=int) or 0)
        with flashed_errors():
            hours = request.form.get("hours", type=int)
            if hours is None or not 0 < hours <= MAX_HOURS:
                raise BadDeadline()
            due = utc_now() + timedelta(hours=hours)
            explanations.ask(ticket, asked_of, request.form.get("question", ""), due, acting_user())
            flash(_("Explanation asked."), "success")
        return redirect(url_for("TicketView.show", pk=ticket_id, _anchor="explanations"))

    @expose("/<int:pk>/answer", methods=["POST"])
    @has_access
    def answer(self, pk):
        explanation = db.session.get(Explanation, pk)
        if explanation is None or explanation.asked_of_id != acting_user().id:
            abort(404)
        with flashed_errors():
            explanations.answer(explanation, request.form.get("answer", ""), acting_user())
            flash(_("Thank you, your explanation is on the ticket's timeline."), "success")
        back = request.form.get("back")
        if back == "ticket":
            return redirect(
                url_for("TicketView.show", pk=explanation.ticket_id, _anchor="explanations")
            )
        return redirect(url_for(".index"))
