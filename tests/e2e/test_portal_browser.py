"""A citizen reports from a phone in Chromium, in Persian (right to left) and in Hindi, using
the browser's location; the report reaches the water clerk's ticket list."""

import re

import pytest

from tests.e2e.browser_helpers import log_in
from tests.e2e.conftest import screenshot

pytestmark = pytest.mark.browser
PHONE = {"width": 390, "height": 844}  # a common phone screen


def _report(browser, base: str, language: str, category: str, words: str, phone: str) -> str:
    context = browser.new_context(
        viewport=PHONE,
        geolocation={"latitude": 22.7196, "longitude": 75.8577},
        permissions=["geolocation"],
        locale=language,
    )
    page = context.new_page()
    page.goto(f"{base}/?lang={language}")
    page.locator("a[href='/report']").first.click()
    page.select_option("#category", label=category)
    page.fill("#description", words)
    page.locator(".janseva-locate").click()
    page.wait_for_function("document.querySelector('input[name=latitude]').value !== ''")
    page.fill("#phone", phone)
    screenshot(page, f"portal-{language}-report")
    page.locator("form.janseva-report button[type=submit]:not([name])").click()
    page.wait_for_url(re.compile(r".*/track/"))
    direction = page.get_attribute("html", "dir")
    tracking_no = page.url.rsplit("/", 1)[-1]
    assert tracking_no in page.locator(".alert").inner_text()
    screenshot(page, f"portal-{language}-registered")
    context.close()
    return tracking_no, direction


def test_reports_in_persian_and_hindi_reach_the_clerks_list(browser, live_server, page):
    persian, direction = _report(
        browser,
        live_server,
        "fa",
        "گرفتگی جوی و فاضلاب",
        "جوی آب جلوی مدرسه گرفته است",
        "+989121234570",
    )
    assert direction == "rtl"
    hindi, direction = _report(
        browser, live_server, "hi", "नाली जाम", "स्कूल के सामने नाली जाम है", "9812340750"
    )
    assert direction == "ltr"

    log_in(page, live_server, "clerk_water", "en")
    page.goto(f"{live_server}/ticketview/list/?_oc_TicketView=id&_od_TicketView=desc")
    listed = page.locator("body").inner_text()
    assert persian in listed and hindi in listed
