"""A category's clock (round the clock, office hours): its label and its form field."""

from flask_appbuilder.fieldwidgets import Select2Widget
from flask_babel import lazy_gettext as _l
from wtforms import SelectField

from app.models.org import Clock

CLOCK_LABELS = {
    Clock.round_the_clock: _l("Round the clock"),
    Clock.office_hours: _l("Office hours"),
}


def clock_field() -> SelectField:
    return SelectField(
        _l("Clock"),
        choices=[(clock.value, label) for clock, label in CLOCK_LABELS.items()],
        coerce=Clock,
        default=Clock.round_the_clock,
        widget=Select2Widget(),
        description=_l("Office hours: deadlines count only the unit's working hours and days."),
    )


def clock_label(clock) -> str:
    return str(CLOCK_LABELS.get(clock, clock or ""))
