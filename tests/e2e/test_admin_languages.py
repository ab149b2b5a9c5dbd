"""A clerk logs in through a real browser: Persian is right-to-left with Persian menus; Hindi
shows Flask-AppBuilder's own buttons in Hindi."""

import pytest

from tests.e2e.browser_helpers import log_in
from tests.e2e.conftest import screenshot

pytestmark = pytest.mark.browser


def test_clerk_works_in_persian_right_to_left(page, live_server):
    log_in(page, live_server, "clerk_water", "fa")
    assert page.get_attribute("html", "dir") == "rtl"
    assert page.get_attribute("html", "lang") == "fa"
    page.goto(f"{live_server}/categoryview/list/")
    # The whole layout flips: body text, the navbar and its menus.
    assert page.evaluate("getComputedStyle(document.body).direction") == "rtl"
    assert (
        page.evaluate("getComputedStyle(document.querySelector('.navbar-header')).float") == "right"
    )
    menu = page.locator(".navbar").inner_text()
    assert "سازمان" in menu  # "Organisation"
    assert "گرفتگی جوی و فاضلاب" in page.content()  # the category's Persian name
    assert "Pothole" not in page.content()  # Roads' category is outside the clerk's scope
    page.goto(f"{live_server}/officerview/edit/1")
    # select2 widgets open right-to-left too.
    assert page.locator(".select2-container").first.get_attribute("dir") == "rtl"
    # Date pickers open right-to-left with Persian labels (no date field on this form yet).
    assert page.evaluate("$.fn.datepicker.defaults.rtl") is True
    assert page.evaluate("$.fn.datepicker.dates.fa.today") == "امروز"
    screenshot(page, "clerk-fa-officer-edit")


def test_clerk_sees_hindi_buttons(page, live_server):
    log_in(page, live_server, "clerk_roads", "hi")
    page.goto(f"{live_server}/categoryview/list/")
    assert page.get_attribute("html", "dir") == "ltr"
    text = page.locator("body").inner_text()
    for hindi in ("खोजें", "संगठन", "सड़क में गड्ढा"):  # Search, Organisation, Pothole
        assert hindi in text
    page.goto(f"{live_server}/officerview/list/")
    assert "कोई रिकॉर्ड नहीं मिला" in page.locator("body").inner_text()  # "No records found"
    screenshot(page, "clerk-hi-categories")
