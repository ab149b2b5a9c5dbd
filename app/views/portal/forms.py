"""The citizen's report form on the public portal."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    FloatField,
    MultipleFileField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, NumberRange, Optional
from wtforms.widgets import HiddenInput


class ReportForm(FlaskForm):
    category = SelectField(_l("What is the problem about?"), [DataRequired()], coerce=int)
    description = TextAreaField(
        _l("Describe the problem"),
        [DataRequired(), Length(max=2000)],
        render_kw={"rows": 4, "maxlength": 2000, "dir": "auto"},
    )
    ward = SelectField(_l("Ward"), [Optional()], coerce=int)
    latitude = FloatField(widget=HiddenInput(), validators=[Optional(), NumberRange(-90, 90)])
    longitude = FloatField(widget=HiddenInput(), validators=[Optional(), NumberRange(-180, 180)])
    address = StringField(
        _l("Address or landmark"), [Optional(), Length(max=300)], render_kw={"dir": "auto"}
    )
    photos = MultipleFileField(
        _l("Photos (up to 5)"),
        description=_l("JPEG, PNG or WebP, up to 5 MB each."),
        render_kw={"accept": "image/jpeg,image/png,image/webp", "capture": "environment"},
    )
    name = StringField(_l("Your name"), [Optional(), Length(max=120)])
    phone = StringField(
        _l("Your mobile number"),
        [DataRequired(), Length(max=32)],
        description=_l("We send the tracking number and every update here by SMS."),
        render_kw={"inputmode": "tel", "autocomplete": "tel", "dir": "ltr"},
    )
    code = StringField(
        _l("Code sent to your mobile"),
        [Optional(), Length(max=6)],
        render_kw={"inputmode": "numeric", "autocomplete": "one-time-code", "dir": "ltr"},
    )
    # Left empty by people; filled by bots that fill every field. Hidden by CSS, not by type.
    website = StringField(
        _l("Leave this empty"), render_kw={"tabindex": "-1", "autocomplete": "off"}
    )
