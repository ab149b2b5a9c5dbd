"""The counter's booking form."""

from flask_appbuilder.fieldwidgets import BS3TextFieldWidget, Select2Widget
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, StringField
from wtforms.validators import DataRequired, Length, Optional

from app.models.postal import ArticleType
from app.services.postal.articles import TYPE_LABELS
from app.views.base.forms import LANGUAGE_NAMES


def _text(label, required=True, max_length=120, description=None):
    checks = [DataRequired() if required else Optional(), Length(max=max_length)]
    return StringField(label, checks, description=description, widget=BS3TextFieldWidget())


class BookArticleForm(FlaskForm):
    article_type = SelectField(
        _l("Article"),
        choices=[(kind.value, TYPE_LABELS[kind]) for kind in ArticleType],
        widget=Select2Widget(),
    )
    weight_g = _text(_l("Weight (grams)"), max_length=8)
    sender_name = _text(_l("Sender"))
    sender_address = _text(_l("Sender's address"), required=False, max_length=300)
    recipient_name = _text(_l("Recipient"))
    address = _text(_l("Delivery address"), max_length=300)
    ward_id = SelectField(_l("Beat (ward)"), [DataRequired()], coerce=int, widget=Select2Widget())
    mobile = _text(
        _l("Recipient's mobile"),
        max_length=32,
        description=_l("The delivery code is sent here by SMS when the article goes out."),
    )
    language = SelectField(
        _l("Recipient's language"), choices=list(LANGUAGE_NAMES.items()), widget=Select2Widget()
    )
    cod_amount = _text(
        _l("Cash on delivery (₹)"),
        required=False,
        max_length=12,
        description=_l("Leave empty when nothing is to be collected."),
    )
