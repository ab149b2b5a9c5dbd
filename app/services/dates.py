"""Dates, numbers and yes/no as each language writes them; Persian adds the Solar Hijri date."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import jdatetime
from babel.dates import format_date, format_datetime
from babel.numbers import format_decimal
from flask import current_app
from flask_babel import get_timezone
from flask_babel import gettext as _

from app.models.i18n import current_language
from app.services.digits import native_digits, native_number


def solar_hijri(value: date | datetime) -> str:
    """ "۱۴۰۵/۰۹/۰۱" for 22 November 2026."""
    day = value.date() if isinstance(value, datetime) else value
    return native_digits(jdatetime.date.fromgregorian(date=day).strftime("%Y/%m/%d"), "fa")


def local_datetime(value: datetime | None, language: str | None = None) -> str:
    if value is None:
        return ""
    language = language or current_language()
    text = native_digits(
        format_datetime(value, "medium", tzinfo=_timezone(), locale=language), language
    )
    return f"{solar_hijri(value)} ({text})" if language == "fa" else text


def local_date(value: date | None, language: str | None = None) -> str:
    if value is None:
        return ""
    language = language or current_language()
    text = native_digits(format_date(value, "medium", locale=language), language)
    return f"{solar_hijri(value)} ({text})" if language == "fa" else text


def local_number(value, language: str | None = None) -> str:
    if value is None:
        return ""
    language = language or current_language()
    return native_number(format_decimal(value, locale=language), language)


def local_decimal(value, language: str | None = None) -> str:
    """Coordinates and measures: every stored decimal place kept, in the reader's digits."""
    if value is None:
        return ""
    return native_number(str(value), language or current_language())


def yes_no(value) -> str:
    if value is None:
        return ""
    return _("Yes") if value else _("No")


def local_day(moment: datetime) -> date:
    """The deployment's calendar day of a stored time (naive UTC)."""
    return moment.replace(tzinfo=ZoneInfo("UTC")).astimezone(deployment_zone()).date()


def end_of_local_day(day: date) -> datetime:
    """Midnight after `day` in the deployment's time zone, as naive UTC like every stored time."""
    midnight = datetime.combine(day + timedelta(days=1), datetime.min.time(), deployment_zone())
    return midnight.astimezone(ZoneInfo("UTC")).replace(tzinfo=None)


def deployment_zone() -> ZoneInfo:
    """The deployment's time zone (TIMEZONE), in which its calendar days begin and end."""
    return ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])


def _timezone():
    try:
        return get_timezone()
    except (RuntimeError, AttributeError):
        return None
