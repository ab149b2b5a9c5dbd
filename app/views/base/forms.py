"""Form fields shared by several screens."""

from flask_appbuilder.fieldwidgets import Select2Widget
from flask_babel import lazy_gettext as _l
from wtforms import DecimalField, FloatField, IntegerField, SelectField
from wtforms.fields.core import UnboundField

from app.core.digits import to_ascii_digits

NUMERIC_FIELDS = (IntegerField, FloatField, DecimalField)

LANGUAGE_NAMES = {"en": "English", "hi": "हिन्दी", "bn": "বাংলা", "fa": "فارسی"}


def language_field() -> SelectField:
    return SelectField(
        _l("Preferred language"), choices=list(LANGUAGE_NAMES.items()), widget=Select2Widget()
    )


def _native_digit_field(field_class):
    """The same numeric field, reading १२, ১২, ۱۲ or ١٢ (and the Persian ٫ separator) as 12."""

    class NativeDigits(field_class):
        def process_formdata(self, valuelist):
            super().process_formdata([to_ascii_digits(value) for value in valuelist])

    NativeDigits.__name__ = f"NativeDigits{field_class.__name__}"
    return NativeDigits


def accept_native_digits(form_class) -> None:
    """Let every numeric field of a FAB-generated form accept native digits."""
    for name in dir(form_class):
        unbound = getattr(form_class, name)
        if isinstance(unbound, UnboundField) and issubclass(unbound.field_class, NUMERIC_FIELDS):
            unbound.field_class = _native_digit_field(unbound.field_class)
