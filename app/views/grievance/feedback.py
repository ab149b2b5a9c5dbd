"""`/feedback/<signed token>`: the citizen rates the result; "not fixed" reopens the ticket."""

from flask import Blueprint, render_template, session
from flask_babel import lazy_gettext as _l
from flask_babel import refresh
from flask_wtf import FlaskForm
from wtforms import BooleanField, RadioField, TextAreaField
from wtforms.validators import DataRequired, Length

from app.core.errors import JanSevaError
from app.extensions import db
from app.services.grievance import feedback, ticket_states

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


@bp.route("/feedback/<token>", methods=["GET", "POST"])
def give_feedback(token: str):
    try:
        ticket = feedback.open_for(token)
    except JanSevaError as error:
        return render_template("grievance/feedback_done.html", message=str(error)), error.status
    if "locale" not in session:  # the citizen's own language unless they chose another
        session["locale"] = ticket.citizen.language
        refresh()
    form = FeedbackForm()
    if form.validate_on_submit():
        try:
            feedback.record(token, form.rating.data, form.comment.data, form.not_fixed.data)
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
        )
    return render_template(
        "grievance/feedback.html", form=form, ticket=ticket, state_label=ticket_states.label
    )
