"""The dashboard by the tree on a 360 px phone in Persian: a unit filter, the table per unit and
the monthly ranking, read right to left in Persian digits, without the page scrolling sideways,
and the ranking downloaded as CSV."""

import csv
import io
import re
from datetime import timedelta

import jdatetime
import pytest
from playwright.sync_api import expect
from sqlalchemy import update

from app.core.clock import utc_now
from app.extensions import db
from app.models.grievance.ticket import Ticket, TicketState
from app.models.org import OrgUnit
from app.services.org import tree as org_tree
from tests.e2e.browser_helpers import log_in
from tests.e2e.conftest import screenshot
from tests.grievance_helpers import new_ticket

pytestmark = pytest.mark.browser
PHONE = {"width": 360, "height": 740}


@pytest.fixture()
def phone(browser):
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    yield context.new_page()
    context.close()


@pytest.fixture(scope="module")
def district(app):
    """A district with two stations holding tickets created last month and today."""
    with app.test_request_context():
        made = {}
        for name, parent, level in (
            ("Phone HQ", None, "Headquarters"),
            ("Phone District", "Phone HQ", "District"),
            ("Phone Station A", "Phone District", "Police station"),
            ("Phone Station B", "Phone District", "Police station"),
        ):
            unit = OrgUnit(name=name, level_name=level, parent_id=made[parent] if parent else None)
            org_tree.place(unit)
            db.session.commit()
            made[name] = unit.id
        last_month = utc_now().replace(day=1) - timedelta(days=3)
        for n, (station, resolved) in enumerate(
            [("Phone Station A", True), ("Phone Station A", False), ("Phone Station B", True)]
        ):
            ticket = new_ticket(description=f"Phone {n}", phone=f"+91984400000{n}")
            values = {"org_unit_id": made[station], "created_at": last_month}
            if resolved:
                values |= {
                    "state": TicketState.resolved,
                    "resolved_at": last_month + timedelta(hours=3),
                }
            db.session.execute(update(Ticket).where(Ticket.id == ticket.id).values(**values))
        db.session.commit()
        return made | {"made": last_month}


def test_a_district_on_a_phone_in_persian(app, district, phone, live_server):
    log_in(phone, live_server, "supervisor", "fa")
    phone.goto(f"{live_server}/lang/fa")
    start = (utc_now().replace(day=1) - timedelta(days=40)).date()
    phone.goto(f"{live_server}/dashboard/?from={start}&unit={district['Phone District']}")
    phone.wait_for_selector("#janseva-dashboard[data-loaded=yes]")
    assert phone.get_attribute("html", "dir") == "rtl"
    assert phone.locator("#dash-unit option:checked").inner_text().strip() == "Phone District"

    rows = phone.locator("#dash-table-unit tbody tr")
    assert rows.count() == 2
    first = [c.strip() for c in rows.nth(0).locator("th, td").all_inner_texts()]
    assert first[0] == "Phone Station A" and first[1] == "۲"  # two tickets, in Persian digits
    assert "ایستگاه" not in first[0]  # the unit's own name, not a translation of it

    # the ranking of the month the tickets were made in, as a Persian reader counts months
    made = jdatetime.date.fromgregorian(date=district["made"].date())
    phone.select_option("#dash-ranking-month", f"{made.year:04d}-{made.month:02d}")
    phone.locator("#dash-ranking-form [type=submit]").click()
    ranked = phone.locator("#dash-table-ranking tbody tr", has_text="Phone District")
    expect(ranked.locator("td").nth(1)).to_have_text("۳")  # once the month's figures arrive
    cells = [c.strip() for c in ranked.locator("th, td").all_inner_texts()]
    assert cells[1:3] == ["Phone District", "۳"] and re.fullmatch("[۰-۹]+", cells[0])
    wide = phone.evaluate("document.documentElement.scrollWidth")
    assert wide <= PHONE["width"] + 1, f"the page scrolls sideways: {wide} px"
    screenshot(phone, "dashboard-units-fa-phone")

    link = phone.locator("#dash-ranking-export").evaluate("a => a.href")
    assert re.search(r"[?&]month=\d{4}-\d{2}", link)
    answer = phone.request.get(link)
    assert answer.status == 200
    rows = list(csv.reader(io.StringIO(answer.text().lstrip("\ufeff"))))
    assert rows[0][:2] == ["رتبه", "واحد"]
