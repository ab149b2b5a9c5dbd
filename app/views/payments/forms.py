"""The counter's payment request form and the bill run form."""

from flask_appbuilder.fieldwidgets import BS3TextFieldWidget, Select2Widget
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, SelectField, StringField
from wtforms.validators import DataRequired, Length, Optional

from app.models.payments import PaymentPurpose
from app.services.payments.bill_runs import BILLABLE
from app.services.payments.texts import PURPOSE_LABELS
from app.views.base.forms import LANGUAGE_NAMES


def _text(label, required=True, max_length=120, description=None):
    checks = [DataRequired() if required else Optional(), Length(max=max_length)]
    return StringField(label, checks, description=description, widget=BS3TextFieldWidget())


def _amount():
    return _text(_l("Amount (₹)"), max_length=12)


def _pay_by(required: bool):
    return DateField(
        _l("Pay by"),
        [DataRequired() if required else Optional()],
        description=_l("The request expires at the end of this day."),
    )


class RequestPaymentForm(FlaskForm):
    # Nothing chosen unless the ticket's category names a purpose (payment_purposes).
    purpose = SelectField(
        _l("For"),
        [DataRequired(message=_l("Please choose what the payment is for."))],
        choices=[("", "—")]
        + [(p.value, PURPOSE_LABELS[p]) for p in PaymentPurpose if p != PaymentPurpose.cod],
        widget=Select2Widget(),
    )
    amount = _amount()
    note = _text(
        _l("Note"),
        max_length=50,
        description=_l("What the payer's UPI app shows, e.g. Holding tax 2026-27 H.No 4/7."),
    )
    payer_name = _text(_l("Payer"), required=False)
    payer_mobile = _text(
        _l("Payer's mobile"),
        required=False,
        max_length=32,
        description=_l("The pay link is sent here by SMS."),
    )
    payer_language = SelectField(
        _l("Payer's language"),
        choices=list(LANGUAGE_NAMES.items()),
        default="en",
        widget=Select2Widget(),
    )
    pay_by = _pay_by(required=False)


class BillRunForm(FlaskForm):
    purpose = SelectField(
        _l("For"), choices=[(p.value, PURPOSE_LABELS[p]) for p in BILLABLE], widget=Select2Widget()
    )
    ward_id = SelectField(_l("Ward"), [DataRequired()], coerce=int, widget=Select2Widget())
    amount = _amount()
    note = _text(
        _l("Note"),
        max_length=50,
        description=_l("What each payer's UPI app shows, e.g. Holding tax 2026-27."),
    )
    pay_by = _pay_by(required=True)
