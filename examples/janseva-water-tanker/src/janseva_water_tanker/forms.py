"""The citizen's form on the public page."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, IntegerField, SelectField, StringField
from wtforms.validators import DataRequired, Length
from wtforms.widgets import TextInput

from app.views.base.forms import accept_native_digits
from janseva_water_tanker.labels import FIELDS


class TankerForm(FlaskForm):
    ward = SelectField(FIELDS["ward"], [DataRequired()], coerce=int)
    address = StringField(
        FIELDS["address"], [DataRequired(), Length(max=300)], render_kw={"dir": "auto"}
    )
    litres = IntegerField(
        FIELDS["litres"],
        [DataRequired()],
        default=5000,
        widget=TextInput(),  # a text box: a number box refuses digits typed as ۵۰۰۰ or ५०००
        render_kw={"inputmode": "numeric", "dir": "ltr"},
    )
    wanted_on = DateField(FIELDS["wanted_on"], [DataRequired()])
    phone = StringField(
        _l("Your mobile number"),
        [DataRequired(), Length(max=32)],
        description=_l("The Water department calls you here before the tanker comes."),
        render_kw={"inputmode": "tel", "autocomplete": "tel", "dir": "ltr"},
    )
    # Left empty by people; filled by bots that fill every field. Hidden by CSS, not by type.
    website = StringField(
        _l("Leave this empty"), render_kw={"tabindex": "-1", "autocomplete": "off"}
    )


accept_native_digits(TankerForm)  # litres typed as ۵۰۰۰ or ५००० read as 5000
