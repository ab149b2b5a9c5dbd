from datetime import date, datetime

from app.core.dates import local_date, local_number, solar_hijri


def test_solar_hijri_date_in_persian_digits():
    assert solar_hijri(date(2026, 11, 22)) == "۱۴۰۵/۰۹/۰۱"
    assert solar_hijri(date(2025, 3, 21)) == "۱۴۰۴/۰۱/۰۱"  # Nowruz


def test_persian_dates_show_both_calendars(app_ctx):
    text = local_date(date(2026, 11, 22), "fa")
    assert text.startswith("۱۴۰۵/۰۹/۰۱ (")
    assert "نوامبر" in text


def test_dates_and_numbers_in_each_language(app_ctx):
    assert local_date(date(2026, 11, 22), "en") == "Nov 22, 2026"
    assert "नव॰" in local_date(date(2026, 11, 22), "hi")
    assert local_number(1234567, "hi") == "12,34,567"  # lakh grouping
    assert local_number(1234567, "bn") == "১২,৩৪,৫৬৭"
    assert local_number(1234567, "fa") == "۱٬۲۳۴٬۵۶۷"
    assert local_date(datetime(2026, 11, 22, 10, 0), "bn").startswith("২২")
