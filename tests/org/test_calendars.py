"""Office calendars: deadlines in working time through nights, Sundays, the holidays of the
unit's country and state (the `holidays` library) and the local days of the units above it."""

from datetime import date, time

from app.services.org import calendars
from tests.calendar_helpers import local_holiday, office, utc

IST = "Asia/Kolkata"
OFFICE = "office_hours"


def due_after(unit_id, _clock, start, minutes):
    return calendars.for_unit(unit_id).add(start, minutes)


def minutes_between(unit_id, _clock, start, end):
    return calendars.for_unit(unit_id).between(start, end)


def test_a_deadline_waits_through_the_night(app_ctx):
    station = office()  # Uttar Pradesh, Monday to Saturday, 10:00 to 18:00 (India time)
    start = utc(IST, 2025, 12, 2, 17, 0)  # a Tuesday, an hour before closing
    assert due_after(station.id, OFFICE, start, 120) == utc(IST, 2025, 12, 3, 11, 0)
    assert due_after(station.id, OFFICE, start, 60) == utc(IST, 2025, 12, 2, 18, 0)
    # a complaint filed at night starts its clock at the next opening
    assert due_after(station.id, OFFICE, utc(IST, 2025, 12, 2, 23, 30), 30) == utc(
        IST, 2025, 12, 3, 10, 30
    )


def test_a_deadline_skips_sunday(app_ctx):
    station = office()
    start = utc(IST, 2025, 12, 6, 17, 0)  # a Saturday
    assert due_after(station.id, OFFICE, start, 120) == utc(IST, 2025, 12, 8, 11, 0)
    assert minutes_between(station.id, OFFICE, start, utc(IST, 2025, 12, 8, 11, 0)) == 120


def test_diwali_and_a_state_holiday_of_uttar_pradesh(app_ctx):
    lucknow, kolkata = office(subdivision="UP"), office(subdivision="WB")
    saturday = utc(IST, 2025, 10, 18, 17, 0)
    # Sunday, then Diwali on Monday 20 October 2025: the clock runs again on Tuesday
    for unit in (lucknow, kolkata):
        assert due_after(unit.id, OFFICE, saturday, 120) == utc(IST, 2025, 10, 21, 11, 0)
    # Govardhan Puja and Bhai Duj (22, 23 October) are holidays in Uttar Pradesh, not in
    # West Bengal
    tuesday = utc(IST, 2025, 10, 21, 17, 0)
    assert due_after(lucknow.id, OFFICE, tuesday, 120) == utc(IST, 2025, 10, 24, 11, 0)
    assert due_after(kolkata.id, OFFICE, tuesday, 120) == utc(IST, 2025, 10, 22, 11, 0)


def test_a_bangladeshi_office_rests_on_friday_and_saturday_and_victory_day(app_ctx):
    dhaka = office(country="BD", subdivision=None, timezone="Asia/Dhaka", working_days="01236")
    thursday = utc("Asia/Dhaka", 2026, 12, 3, 17, 0)
    assert due_after(dhaka.id, OFFICE, thursday, 120) == utc("Asia/Dhaka", 2026, 12, 6, 11, 0)
    tuesday = utc("Asia/Dhaka", 2026, 12, 15, 17, 0)  # Victory Day on the 16th
    assert due_after(dhaka.id, OFFICE, tuesday, 120) == utc("Asia/Dhaka", 2026, 12, 17, 11, 0)


def test_an_iranian_office_rests_on_friday_and_through_nowruz(app_ctx):
    tehran = office(
        country="IR",
        subdivision=None,
        timezone="Asia/Tehran",
        working_days="012356",  # Saturday to Thursday
        opens=time(8),
        closes=time(16),
    )
    thursday = utc("Asia/Tehran", 2026, 3, 19, 15, 0)  # Friday, then Nowruz 21 to 24 March
    assert due_after(tehran.id, OFFICE, thursday, 120) == utc("Asia/Tehran", 2026, 3, 25, 9, 0)
    saturday = utc("Asia/Tehran", 2026, 12, 5, 15, 0)
    assert due_after(tehran.id, OFFICE, saturday, 120) == utc("Asia/Tehran", 2026, 12, 6, 9, 0)


def test_a_holiday_added_to_the_district_stops_its_stations_clocks(app_ctx):
    district = office()
    station = office(parent=office(parent=district))  # a circle between them
    tuesday = utc(IST, 2025, 12, 9, 17, 0)
    assert due_after(station.id, OFFICE, tuesday, 120) == utc(IST, 2025, 12, 10, 11, 0)
    local_holiday(district, date(2025, 12, 10))  # the cached calendar is dropped at once
    assert due_after(station.id, OFFICE, tuesday, 120) == utc(IST, 2025, 12, 11, 11, 0)
    other_district = office()
    assert due_after(other_district.id, OFFICE, tuesday, 120) == utc(IST, 2025, 12, 10, 11, 0)


def test_no_unit_has_no_calendar(app_ctx):
    assert calendars.for_unit(None) is None


def test_a_deadline_years_away_is_counted_too(app_ctx):
    station = office()
    start = utc(IST, 2031, 12, 26, 10, 0)  # a Friday, beyond the years first covered
    assert due_after(station.id, OFFICE, start, 8 * 60 * 3) == utc(IST, 2031, 12, 29, 18, 0)


def test_new_office_hours_apply_to_the_next_deadline(app_ctx):
    from app.extensions import db

    station = office()
    tuesday = utc(IST, 2025, 12, 9, 17, 0)
    assert due_after(station.id, OFFICE, tuesday, 120) == utc(IST, 2025, 12, 10, 11, 0)
    station.opens_at, station.closes_at = time(9), time(17)
    db.session.commit()
    assert due_after(station.id, OFFICE, tuesday, 120) == utc(IST, 2025, 12, 10, 11, 0)
    assert due_after(station.id, OFFICE, utc(IST, 2025, 12, 9, 16, 0), 120) == utc(
        IST, 2025, 12, 10, 10, 0
    )
