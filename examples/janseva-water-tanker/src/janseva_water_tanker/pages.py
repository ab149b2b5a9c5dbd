"""The public page: a citizen asks for a tanker without logging in, in their language."""

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_limiter.util import get_remote_address

from app.core.bidi import html_message
from app.core.dates import local_date, local_number
from app.extensions import db
from app.models.org import Ward
from app.views.base.flashes import flashed_errors
from janseva_water_tanker import tankers
from janseva_water_tanker.errors import TooManyTankerRequests
from janseva_water_tanker.forms import TankerForm

# template_folder: the module's own templates, found beside the core's (templates/water_tanker/)
bp = Blueprint("water_tanker", __name__, url_prefix="/water-tanker", template_folder="templates")
PORTAL_TILE = "water_tanker/portal_tile.html"  # "ask for a water tanker" on the portal


@bp.route("/", methods=["GET", "POST"])
def ask():
    form = TankerForm()
    wards = db.session.query(Ward).order_by(Ward.number)
    form.ward.choices = [(0, "—")] + [(ward.id, ward.label()) for ward in wards]
    form.litres.description = _(
        "From %(least)s to %(most)s litres.",
        least=local_number(tankers.LEAST_LITRES),
        most=local_number(tankers.MOST_LITRES),
    )
    if request.method == "POST" and form.website.data:
        return redirect(url_for(".ask"))  # a bot: it learns nothing, nothing is stored
    if form.validate_on_submit():
        fields = {
            "ward_id": form.ward.data,
            "address": form.address.data,
            "litres": form.litres.data,
            "wanted_on": form.wanted_on.data,
            "phone": form.phone.data,
        }
        with flashed_errors() as refused:
            asked = tankers.ask(fields, get_remote_address())
        if refused.error:
            return _page(form, 429 if isinstance(refused.error, TooManyTankerRequests) else 400)
        message = _(
            "Your request %(reference)s is registered: %(litres)s litres on %(day)s. "
            "The Water department will call you at %(phone)s."
        )
        flash(
            html_message(
                message,
                reference=asked.reference,
                litres=local_number(asked.litres),
                day=local_date(asked.wanted_on),
                phone=asked.phone,
            ),
            "success",
        )
        return redirect(url_for(".ask"))
    return _page(form, 400 if form.errors else 200)


def _page(form: TankerForm, status: int = 200):
    return render_template("water_tanker/ask.html", form=form), status
