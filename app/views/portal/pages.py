"""The public portal: report a problem (category, ward or location, photos, description) and
get a tracking number; track it, rate the resolution and pay what is owed. Mobile first, no
login, in the four languages."""

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_limiter.util import get_remote_address

from app import modules
from app.core.bidi import html_message
from app.core.errors import JanSevaError
from app.core.phones import to_e164
from app.extensions import db
from app.models.org import Category, Ward
from app.services.grievance import feedback, feedback_links, tickets
from app.services.portal import reports as portal
from app.services.portal.errors import TooManyReports
from app.views.base.flashes import flashed_errors
from app.views.portal.forms import ReportForm

bp = Blueprint("portal", __name__)


def index():
    """The start page of anyone not logged in (HomeView shows it)."""
    return render_template("portal/index.html", tiles=modules.additions("portal.tile").values())


@bp.route("/report", methods=["GET", "POST"])
def report():
    form = _report_form()
    language = str(get_locale())
    if request.method == "POST" and form.website.data:
        return redirect(url_for(".thanks"))  # a bot: it learns nothing, nothing is stored
    if request.method == "POST" and "send_code" in request.form:
        with flashed_errors():
            portal.send_code(form.phone.data or "", language)
            flash(html_message(_("We sent a code to %(phone)s."), phone=form.phone.data), "info")
        return _form_page(form)
    if form.validate_on_submit():
        fields = {
            "category_id": form.category.data,
            "description": form.description.data,
            "ward_id": form.ward.data or None,
            "latitude": form.latitude.data,
            "longitude": form.longitude.data,
            "address": form.address.data,
            "name": form.name.data,
            "phone": form.phone.data,
            "code": form.code.data,
        }
        photos = [(f.filename, f.read()) for f in form.photos.data or [] if f and f.filename]
        with flashed_errors() as refused:
            ticket = portal.report(fields, photos, language, get_remote_address())
            flash(
                html_message(
                    _(
                        "Your complaint is registered. Your tracking number is %(tracking_no)s; "
                        "we have sent it to your mobile."
                    ),
                    tracking_no=ticket.tracking_no,
                ),
                "success",
            )
            return redirect(url_for("track.track", tracking_no=ticket.tracking_no))
        return _form_page(form, 429 if isinstance(refused.error, TooManyReports) else 400)
    return _form_page(form, 400 if form.errors else 200)


@bp.route("/report/thanks")
def thanks():
    return render_template("portal/thanks.html")


@bp.route("/track")
def find():
    """The tracking form: a number (any digits) opens its page."""
    number = (request.args.get("no") or "").strip()
    if not number:
        return render_template("portal/find.html")
    with flashed_errors():  # a malformed number: check the digits
        ticket = tickets.by_tracking_no(number)
        if ticket is None:
            message = _("No complaint has the tracking number %(value)s.")
            flash(html_message(message, value=number), "danger")
            return render_template("portal/find.html", value=number), 404
        return redirect(url_for("track.track", tracking_no=ticket.tracking_no))
    return render_template("portal/find.html", value=number), 400


@bp.route("/track/<tracking_no>/rate", methods=["POST"])
def rate(tracking_no: str):
    """The citizen proves the ticket is theirs with the mobile number it was reported from,
    then rates it on the feedback page."""
    ticket = tickets.by_tracking_no(tracking_no)  # a malformed number: the 400 page
    if ticket is None:
        return redirect(url_for(".find"))
    try:
        mine = to_e164(request.form.get("phone", "")) == ticket.citizen.phone
    except JanSevaError:
        mine = False
    if not mine or feedback.awaiting(ticket.citizen_id) is None:
        flash(_("That mobile number is not the one this complaint was reported from."), "danger")
        return redirect(url_for("track.track", tracking_no=ticket.tracking_no))
    return redirect(feedback_links.link_for(ticket))


def _report_form() -> ReportForm:
    language = str(get_locale())
    form = ReportForm()
    categories = db.session.query(Category).filter_by(active=True).order_by(Category.id)
    form.category.choices = [(0, "—")] + [(c.id, c.localized("name", language)) for c in categories]
    wards = db.session.query(Ward).order_by(Ward.number)
    form.ward.choices = [(0, _("Not sure: use my location"))] + [
        (w.id, w.label())
        for w in wards  # in the reader's digits
    ]
    return form


def _form_page(form: ReportForm, status: int = 200):
    verify = current_app.config["PORTAL_VERIFY_PHONE"]
    return render_template("portal/report.html", form=form, verify=verify), status
