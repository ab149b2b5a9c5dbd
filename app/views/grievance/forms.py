"""The clerk's complaint form for walk-ins and phone callers."""

from flask_appbuilder.fieldwidgets import BS3TextAreaFieldWidget, BS3TextFieldWidget, Select2Widget
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import MultipleFileField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Email, Length, Optional

from app.views.base.forms import LANGUAGE_NAMES

# The ticket page's choice for a note typed with a state change (nothing chosen: see
# ticket_states.note_goes_public).
NOTE_VISIBILITY = {"internal": False, "public": True}


class RegisterComplaintForm(FlaskForm):
    name = StringField(
        _l("Citizen's name"), [Optional(), Length(max=120)], widget=BS3TextFieldWidget()
    )
    phone = StringField(
        _l("Mobile number"),
        [Optional(), Length(max=32)],
        description=_l("The tracking number is sent here by SMS."),
        widget=BS3TextFieldWidget(),
    )
    email = StringField(
        _l("E-mail"), [Optional(), Email(), Length(max=254)], widget=BS3TextFieldWidget()
    )
    language = SelectField(
        _l("Citizen's language"), choices=list(LANGUAGE_NAMES.items()), widget=Select2Widget()
    )
    channel = SelectField(
        _l("Received by"),
        choices=[("walk_in", _l("Walk-in")), ("phone_call", _l("Phone call"))],
        widget=Select2Widget(),
    )
    category = SelectField(
        _l("Category"),
        [DataRequired(message=_l("Please choose the category."))],
        coerce=int,
        widget=Select2Widget(),
    )
    ward = SelectField(_l("Ward"), [Optional()], coerce=int, widget=Select2Widget())
    address = StringField(
        _l("Address or landmark"), [Optional(), Length(max=300)], widget=BS3TextFieldWidget()
    )
    description = TextAreaField(
        _l("Complaint"), [DataRequired(), Length(max=4000)], widget=BS3TextAreaFieldWidget()
    )
    photos = MultipleFileField(
        _l("Photos"),
        description=_l("JPEG, PNG or WebP, up to 5 MB each."),
        render_kw={"accept": "image/jpeg,image/png,image/webp"},
    )
