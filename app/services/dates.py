"""Dates and numbers as each language writes them; Persian also gets the Solar Hijri date."""

from datetime import date, datetime

import jdatetime
from babel.dates import format_date, format_datetime
from babel.numbers import format_decimal
from flask_babel import get_timezone

from app.models.i18n import current_language


def _persian_digits(text: str) -> str:
    return text.translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹"))


def solar_hijri(value: date | datetime) -> str:
    """"۱۴۰۵/۰۹/۰۱" for 22 November 2026."""
    day = value.date() if isinstance(value, datetime) else value
    return _persian_digits(jdatetime.date.fromgregorian(date=day).strftime("%Y/%m/%d"))


def local_datetime(value: datetime | None, language: str | None = None) -> str:
    if value is None:
        return ""
    language = language or current_language()
    text = format_datetime(value, "medium", tzinfo=_timezone(), locale=language)
    if language == "fa":
        text = f"{solar_hijri(value)} ({text})"
    return text


def local_date(value: date | None, language: str | None = None) -> str:
    if value is None:
        return ""
    language = language or current_language()
    text = format_date(value, "medium", locale=language)
    if language == "fa":
        text = f"{solar_hijri(value)} ({text})"
    return text


def local_number(value, language: str | None = None) -> str:
    if value is None:
        return ""
    return format_decimal(value, locale=language or current_language())


def _timezone():
    try:
        return get_timezone()
    except (RuntimeError, AttributeError):
        return None
