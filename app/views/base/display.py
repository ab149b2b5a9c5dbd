"""How a stored value reads on a staff screen: yes/no, numbers and dates in the reader's
language and digits, a list as words, nothing for an empty value (FAB would print "True",
"None" or "[Admin]"), and every text run isolated so right-to-left pages keep it whole."""

from datetime import date, datetime
from decimal import Decimal

from flask_appbuilder import widgets
from markupsafe import Markup

from app.core.bidi import bdi
from app.core.dates import local_date, local_datetime, local_decimal, local_number, yes_no


def display_value(value):
    if callable(value):
        value = value()
    if value is None:
        return ""
    if isinstance(value, bool):
        return yes_no(value)
    if isinstance(value, int):
        return local_number(value)
    if isinstance(value, Decimal | float):
        return local_decimal(value)
    if isinstance(value, datetime):
        return local_datetime(value)
    if isinstance(value, date):
        return local_date(value)
    if isinstance(value, list | tuple | set):
        return Markup(", ").join(bdi(item) for item in value)
    return bdi(value)


def display_formatters(columns) -> dict:
    """A formatter for every shown column but the record's id (a number to type, not read)."""
    return {column: display_value for column in columns if column != "id"}


def shown_columns(view) -> list[str]:
    """The columns a screen declares for its list, its page and its fieldsets."""
    columns = [*(view.list_columns or []), *(view.show_columns or [])]
    for fieldsets in (view.show_fieldsets or [], getattr(view, "user_show_fieldsets", None) or []):
        for _title, fieldset in fieldsets:
            columns += fieldset.get("fields", [])
    return columns


class ReadNumber(int):
    """A count that stays a number for the page's arithmetic (pagination) but prints in the
    reader's digits wherever a template shows it (Jinja asks for __html__)."""

    def __html__(self) -> str:
        return local_number(int(self))


class ListWidget(widgets.ListWidget):
    """FAB's list, its record count in the reader's digits."""

    def __init__(self, **kwargs):
        kwargs["count"] = ReadNumber(kwargs.get("count") or 0)
        super().__init__(**kwargs)
