"""`/feedback/<signed token>`: the citizen rates the result; "not fixed" reopens the ticket.
After a poor rating or a second "not fixed", the page offers an appeal (`/appeal/<token>`)."""

from flask import Blueprint, render_template, session, url_for
from flask_babel import lazy_gettext as _l
from flask_babel import refresh
from flask_wtf import FlaskForm
from wtforms import BooleanField, RadioField, TextAreaField
from wtforms.validators import DataRequired, Length

from app.core.errors import JanSevaError
from app.extensions import db
from app.models.grievance.ticket import Ticket
from app.services.grievance import appeals, feedback, feedback_links, ticket_states

bp = Blueprint("feedback", __name__)


class FeedbackForm(FlaskForm):
    rating = RadioField(
        _l("How well was it done?"),
        [DataRequired()],
        coerce=int,
        choices=[(n, "★" * n) for n in range(5, 0, -1)],
    )
    not_fixed = BooleanField(_l("The problem is not fixed"))
    comment = TextAreaField(_l("Anything to add?"), [Length(max=2000)])


class AppealForm(FlaskForm):
    reason = TextAreaField(
        _l("Why do you appeal? What is still wrong?"),
        [DataRequired(message=_l("Please give a reason.")), Length(max=4000)],
    )


@bp.route("/feedback/<token>", methods=["GET", "POST"])
def give_feedback(token: str):
    try:
        ticket = feedback.open_for(token)
    except JanSevaError as error:
        offer = _appeal_offer(feedback_links.ticket_for(token)) if error.status == 409 else None
        page = render_template("grievance/feedback_done.html", message=str(error), appeal=offer)
        return page, error.status
    _in_citizens_language(ticket)
    form = FeedbackForm()
    if form.validate_on_submit():
        try:
            entry = feedback.record(token, form.rating.data, form.comment.data, form.not_fixed.data)
        except JanSevaError as error:
            db.session.rollback()
            return render_template("grievance/feedback_done.html", message=str(error)), error.status
        return render_template(
            "grievance/feedback_done.html",
            message=str(
                _l("Thank you. We have reopened your complaint.")
                if form.not_fixed.data
                else _l("Thank you for your feedback.")
            ),
            appeal=_appeal_offer(db.session.get(Ticket, entry.ticket_id)),
        )
    return render_template(
        "grievance/feedback.html", form=form, ticket=ticket, state_label=ticket_states.label
    )


@bp.route("/appeal/<token>", methods=["GET", "POST"])
def appeal(token: str):
    """The citizen's appeal, from the link their feedback page offered."""
    try:
        ticket = feedback_links.ticket_to_appeal(token)
    except JanSevaError as error:
        return render_template("grievance/feedback_done.html", message=str(error)), error.status
    _in_citizens_language(ticket)
    form = AppealForm()
    if form.validate_on_submit():
        try:
            opened = appeals.open_appeal(ticket, form.reason.data)
        except JanSevaError as error:
            db.session.rollback()
            return render_template("grievance/feedback_done.html", message=str(error)), error.status
        message = _l(
            "Your appeal is registered as %(tracking_no)s. A higher office will look at it.",
            tracking_no=opened.tracking_no,
        )
        return render_template("grievance/feedback_done.html", message=str(message))
    return render_template("grievance/appeal.html", form=form, ticket=ticket)


def _appeal_offer(ticket: Ticket | None) -> str | None:
    """The link to appeal, when the citizen may appeal against `ticket` now."""
    if ticket is None or not appeals.may_appeal(ticket):
        return None
    return url_for("feedback.appeal", token=feedback_links.appeal_token_for(ticket))


def _in_citizens_language(ticket: Ticket) -> None:
    if "locale" not in session:  # the citizen's own language unless they chose another
        session["locale"] = ticket.citizen.language
        refresh()
