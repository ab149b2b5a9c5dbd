"""Steps a person takes in the browser, shared by the browser tests."""

from tests.conftest import PASSWORD


def log_in(page, base: str, username: str, language: str) -> None:
    page.goto(f"{base}/login/?lang={language}")
    page.fill("#username", username)
    page.fill("#password", PASSWORD)
    page.locator("form [type=submit]").click()
    page.wait_for_url(f"{base}/")
