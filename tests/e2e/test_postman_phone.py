"""The postman on a 360 px phone: take the article out, the code reaches the SMS endpoint, the
recipient reads it out, the postman types it, the article shows delivered. Once in English
(and the list stays readable offline), once in Persian typed with Persian digits."""

import pytest

from tests.conftest import PASSWORD
from tests.e2e.conftest import screenshot
from tests.postal_helpers import book, code_in

pytestmark = pytest.mark.browser
PERSIAN_DIGITS = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")


@pytest.fixture()
def phone(browser):
    context = browser.new_context(
        viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True
    )
    yield context
    context.close()


def log_in(page, base: str, username: str, language: str) -> None:
    page.goto(f"{base}/login/?lang={language}")
    page.fill("#username", username)
    page.fill("#password", PASSWORD)
    page.locator("form [type=submit]").click()
    page.wait_for_url(f"{base}/")


def deliver_on_the_phone(app, phone, live_server, sms, language, mobile, typed):
    with app.app_context():
        article = book(ward=4, mobile=mobile, language=language)
        number, pk = article.tracking_no, article.id
    page = phone.new_page()
    log_in(page, live_server, "postman1", language)
    page.goto(f"{live_server}/postman/")
    card = page.locator(f"#article-{pk}")
    card.locator("form[action$='/dispatch'] button").click()
    page.wait_for_load_state()
    sms.wait_for(1)
    code = code_in([m for m in sms.received if m["to"] == mobile][-1]["text"])
    otp = page.locator(f"#otp-{pk}")
    assert otp.get_attribute("inputmode") == "numeric"
    assert otp.bounding_box()["height"] >= 44  # a thumb-sized target
    otp.fill(typed(code))
    card.locator(".janseva-otp-form button").click()
    page.wait_for_load_state()
    return page, number, pk


def test_postman_delivers_against_the_code_on_a_phone(
    app, phone, live_server, gateways, inline_jobs
):
    sms, _ = gateways
    page, number, pk = deliver_on_the_phone(
        app, phone, live_server, sms, "en", "+919812340401", lambda code: code
    )
    assert "Delivered." in page.locator(".alert").first.inner_text()
    done = page.locator(f"#article-{pk}")
    assert "Delivered" in done.locator(".janseva-status").inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360  # no sideways scroll
    screenshot(page, "postman-en-delivered")
    # The list stays readable without network, and says so.
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    page.reload()
    phone.set_offline(True)
    page.reload()
    assert page.locator(".janseva-offline").is_visible()
    assert number in page.content()
    screenshot(page, "postman-en-offline")
    phone.set_offline(False)


def test_postman_delivers_in_persian_with_persian_digits(
    app, phone, live_server, gateways, inline_jobs
):
    sms, _ = gateways
    page, number, pk = deliver_on_the_phone(
        app, phone, live_server, sms, "fa", "+989123400402", lambda c: c.translate(PERSIAN_DIGITS)
    )
    assert page.get_attribute("html", "dir") == "rtl"
    assert "تحویل شد." in page.locator(".alert").first.inner_text()
    assert "تحویل‌شده" in page.locator(f"#article-{pk} .janseva-status").inner_text()
    screenshot(page, "postman-fa-delivered")
