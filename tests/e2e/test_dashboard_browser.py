"""The supervisors' live dashboard in Chromium: the figures in English and in Persian (right to
left, Persian digits, Solar Hijri dates), a new ticket showing up without a reload, a clerk
held to their department, and a table downloaded as CSV within the filters."""

import csv
import io
import re

import pytest
from playwright.sync_api import expect
from sqlalchemy import func

from app.extensions import db
from app.models.grievance.ticket import Ticket
from app.services.grievance import ticket_states
from tests.e2e.browser_helpers import log_in
from tests.e2e.conftest import screenshot
from tests.grievance_helpers import new_ticket, ward_id

pytestmark = pytest.mark.browser
PERSIAN_DIGITS = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
SOLAR_HIJRI = re.compile(r"۱۴[۰-۹]{2}/[۰-۹]{2}/[۰-۹]{2}")  # ۱۴۰۵/۰۹/۱۱
TILES = ("open", "today", "tickets", "breaches", "escalations", "sla_compliance")
LIVE_SECONDS = 15


@pytest.fixture(scope="module")
def tickets(app):
    """A few complaints of two departments, wards and channels: figures to look at."""
    with app.test_request_context():
        for n, (code, ward, channel) in enumerate(
            [("DRAIN", 3, "walk_in"), ("DRAIN", 4, "phone_call"), ("POTHOLE", 5, "web")]
        ):
            new_ticket(code=code, ward=ward, channel=channel, phone=f"+91981100080{n}")


def log_in_speaking(page, base: str, username: str, language: str) -> None:
    """Log in, then choose the language: a login brings back the one its user last chose."""
    log_in(page, base, username, language)
    page.goto(f"{base}/lang/{language}")


def open_dashboard(page, base: str, query: str = "") -> None:
    page.goto(f"{base}/dashboard/{query}")
    page.wait_for_selector("#janseva-dashboard[data-loaded=yes]")


def tile(page, name: str) -> str:
    return page.locator(f"[data-kpi={name}] .janseva-kpi-value").inner_text().strip()


def tile_value(page, name: str) -> float:
    return float(page.get_attribute(f"[data-kpi={name}]", "data-value"))


def open_in_database(app) -> int:
    with app.app_context():
        return (
            db.session.query(func.count(Ticket.id))
            .filter(Ticket.state.in_(ticket_states.open_states()))
            .scalar()
        )


def table_rows(page, name: str) -> list[list[str]]:
    rows = page.locator(f"#dash-table-{name} tbody tr")
    return [
        [cell.strip() for cell in rows.nth(i).locator("th, td").all_inner_texts()]
        for i in range(rows.count())
    ]


def test_supervisor_watches_the_figures_change_live_in_english(app, tickets, page, live_server):
    log_in_speaking(page, live_server, "supervisor", "en")
    open_dashboard(page, live_server)
    assert page.get_attribute("html", "dir") == "ltr"

    # The tiles show the figures: "open" is the number of open tickets in the database.
    assert tile_value(page, "open") == open_in_database(app) > 0
    assert tile(page, "open") == f"{open_in_database(app):,}"
    for name in TILES:
        assert re.fullmatch(r"[\d,.]+%?", tile(page, name)), name

    # Each chart has a real table beside it; shares are percentages adding up to 100.
    caption = page.locator("#dash-table-category caption")
    assert caption.inner_text() == "Tickets by category"
    assert page.locator("#dash-table-category thead th[scope=col]").count() == 3
    category = table_rows(page, "category")
    assert category and all(re.fullmatch(r"\d+\.\d%", share) for _name, _n, share in category)
    assert abs(sum(float(share[:-1]) for _name, _n, share in category) - 100) < 0.5
    assert page.locator("#dash-table-category tbody th[scope=row]").count() == len(category)
    assert page.get_attribute("#dash-chart-category >> xpath=..", "aria-hidden") == "true"
    # The ward heat scale prints its number in every shaded cell.
    heated = page.locator("#dash-table-ward td.janseva-heat")
    assert heated.count() > 0 and all(re.fullmatch(r"\d+", t) for t in heated.all_inner_texts())
    assert "updated" in page.locator("#dash-updated").inner_text().lower()
    screenshot(page, "dashboard-en")

    # LIVE: a ticket arrives through the service; the tile rises without a reload.
    page.evaluate("window.stillTheSamePage = true")
    today = tile_value(page, "today")
    with app.test_request_context():
        new_ticket(code="POTHOLE", ward=5, phone="+919811000901", description="Dashboard: live")
    expect(page.locator("[data-kpi=today]")).to_have_attribute(
        "data-value", str(int(today) + 1), timeout=LIVE_SECONDS * 1000
    )
    assert page.evaluate("window.stillTheSamePage") is True
    assert tile(page, "today") == f"{int(today) + 1:,}"
    assert tile_value(page, "open") == open_in_database(app)


def test_persian_reads_right_to_left_with_persian_digits_and_solar_hijri_dates(
    app, tickets, page, live_server
):
    log_in_speaking(page, live_server, "supervisor", "fa")
    open_dashboard(page, live_server)
    assert page.get_attribute("html", "dir") == "rtl"
    assert page.get_attribute("html", "lang") == "fa"

    open_now = open_in_database(app)
    assert tile(page, "open").replace("٬", "") == str(open_now).translate(PERSIAN_DIGITS)
    for name in TILES:
        text = tile(page, name)
        assert re.search("[۰-۹]", text) and not re.search("[0-9]", text), (name, text)
    assert SOLAR_HIJRI.search(page.locator("#dash-updated").inner_text())
    assert SOLAR_HIJRI.search(page.locator("#dash-period").inner_text())  # beside the date inputs

    category = table_rows(page, "category")
    assert category and all(re.fullmatch("[۰-۹]+٫[۰-۹]٪", share) for *_, share in category)
    days = table_rows(page, "day")
    assert days and SOLAR_HIJRI.search(days[-1][0])  # the days of the trend, Solar Hijri too

    # Charts read right to left: reversed category axis, values on the right, RTL legend.
    day_chart = "JANSEVA_DASHBOARD.charts.day.options"
    assert page.evaluate(f"{day_chart}.scales.x.reverse") is True
    assert page.evaluate(f"{day_chart}.scales.y.position") == "right"
    assert page.evaluate(f"{day_chart}.plugins.legend.rtl") is True
    assert page.evaluate(f"{day_chart}.plugins.tooltip.textDirection") == "rtl"
    assert page.evaluate("JANSEVA_DASHBOARD.charts.day.options.locale") == "fa-IR"
    screenshot(page, "dashboard-fa")


def test_clerk_sees_their_department_and_exports_csv_within_the_filters(
    app, tickets, page, live_server
):
    log_in_speaking(page, live_server, "clerk_water", "en")
    open_dashboard(page, live_server)
    department = page.locator("#dash-department")
    assert department.is_disabled()
    assert department.locator("option").all_inner_texts() == ["Water & Drainage"]

    # Filters live in the address: apply a ward, the figures and every export link follow.
    with app.test_request_context():  # ward 3 gets a ticket of each department
        new_ticket(code="DRAIN", ward=3, phone="+919811000902", description="Dashboard: drain")
        new_ticket(code="POTHOLE", ward=3, phone="+919811000903", description="Dashboard: road")
        ward = ward_id(3)
    page.select_option("#dash-ward", str(ward))
    page.locator(".janseva-dash-filters [type=submit]").click()
    page.wait_for_url(re.compile(rf".*[?&]ward={ward}(&|$)"))
    tickets_csv = page.locator("a[data-export=tickets]").evaluate("link => link.href")
    assert f"ward={ward}" in tickets_csv

    with page.expect_download() as download:
        page.locator("a[data-export=category]").click()
    assert download.value.suggested_filename.endswith(".csv")

    answer = page.request.get(tickets_csv)
    assert answer.status == 200
    assert answer.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(answer.text().lstrip("\ufeff"))))
    assert {row["Department"] for row in rows} == {"Water & Drainage"}
    assert {row["Ward"] for row in rows} == {page.locator("#dash-ward option:checked").inner_text()}
    assert "Created" in rows[0] and "Resolved" in rows[0]
