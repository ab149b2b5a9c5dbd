"""Dates, numbers and yes/no as each language writes them; Persian adds the Solar Hijri date."""

import re
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import jdatetime
from babel.dates import format_date, format_datetime
from babel.numbers import format_decimal
from flask import current_app
from flask_babel import get_timezone
from flask_babel import gettext as _

from app.core.digits import native_digits, native_number, to_ascii_digits
from app.core.i18n import current_language

SOLAR_HIJRI_BEFORE = 1700  # a typed year below this is Solar Hijri (Gregorian 2320 and later)


def solar_hijri(value: date | datetime) -> str:
    """ "۱۴۰۵/۰۹/۰۱" for 22 November 2026."""
    day = value.date() if isinstance(value, datetime) else value
    return native_digits(jdatetime.date.fromgregorian(date=day).strftime("%Y/%m/%d"), "fa")


def parse_day(text: str) -> date:
    """A typed day: ISO (2026-11-22) or Solar Hijri (۱۴۰۵/۰۹/۰۱, 1405-09-01), in any digits; a
    year before 1700 is read as Solar Hijri. ValueError when it names no day."""
    match = re.fullmatch(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})", to_ascii_digits(text.strip()))
    if match is None:
        raise ValueError(text)
    year, month, day = (int(part) for part in match.groups())
    if year < SOLAR_HIJRI_BEFORE:
        return jdatetime.date(year, month, day).togregorian()
    return date(year, month, day)


def solar_hijri_input(value: date | str | None) -> str:
    """A day as a Persian reader types it (۱۴۰۵/۰۹/۰۱), for a form's text box."""
    if not value:
        return ""
    return solar_hijri(date.fromisoformat(value) if isinstance(value, str) else value)


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
