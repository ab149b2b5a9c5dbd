"""Persian pages and messages keep left-to-right runs whole: phones, addresses, tracking numbers,
names and English notes are isolated (<bdi> on pages, FSI…PDI in text messages), on the
postman's page, the staff screens, the portal and the tracking page."""

import re

import pytest

from app.extensions import db
from app.models.grievance.outbox import OutboundMessage
from app.services.grievance import tickets
from tests.conftest import login, new_client
from tests.grievance_helpers import new_ticket, register
from tests.postal_helpers import book

FSI, PDI = "\u2068", "\u2069"
PERSIAN_DIGITS = "۰۱۲۳۴۵۶۷۸۹"


@pytest.mark.modules("postal")
def test_the_postmans_page_isolates_address_name_phone_and_number(app):
    with app.app_context():
        article = book(ward=3, mobile="+919812340611", language="fa")
        number = article.tracking_no
    page = login(app, "postman1", "fa").get("/postman/").text
    assert "<bdi>12 MG Road</bdi>" in page
    assert "<bdi>Kavita Rao</bdi>" in page
    assert '<bdi dir="ltr">+91 •••••••611</bdi>' in page  # no letter: forced left to right
    assert f"<bdi>{number}</bdi>" in page
    counts = re.findall(r"<h2>[^<(]*\(([^)]*)\)</h2>", page)
    assert len(counts) == 3
    assert all(count and set(count) <= set(PERSIAN_DIGITS) for count in counts), counts


def test_the_ticket_page_isolates_the_citizen_and_an_english_note(app, inline_jobs):
    with app.app_context():
        ticket = new_ticket("DRAIN", ward=3, phone="+919812345601")
        tickets.transition(ticket, "acknowledged", note="Team sent.")
        pk = ticket.id
    page = login(app, "clerk_water", "fa").get(f"/ticketview/show/{pk}").text
    assert '<bdi dir="ltr">+919812345601</bdi>' in page
    assert "<bdi>Team sent.</bdi>" in page  # its full stop stays on its right
    assert "<bdi>Drain blocked</bdi>" in page  # the description, in FAB's own table


def test_the_tracking_page_isolates_the_number_and_the_names(app):
    with app.app_context():
        ticket = new_ticket("DRAIN", ward=3, phone="+919812345602")
        number = ticket.tracking_no
    page = new_client(app).get(f"/track/{number}?lang=fa").text
    assert f"<bdi>{number}</bdi>" in page
    assert "<dd><bdi>" in page  # category, department and ward


def test_staff_lists_isolate_every_text_cell(app):
    page = login(app, "admin", "fa").get("/departmentview/list/").text
    assert "<bdi>WATER</bdi>" in page and "<td>None</td>" not in page


def test_a_persian_text_message_isolates_its_placeholders(app, inline_jobs):
    with app.app_context():
        persian = new_ticket("DRAIN", ward=3, phone="+919812345603", language="fa")
        english = new_ticket("DRAIN", ward=3, phone="+919812345604", language="en")
        bodies = {
            ticket.tracking_no: [
                m.body for m in db.session.query(OutboundMessage).filter_by(ticket_id=ticket.id)
            ]
            for ticket in (persian, english)
        }
        persian_no, english_no = persian.tracking_no, english.tracking_no
    assert bodies[persian_no] and all(
        f"{FSI}{persian_no}{PDI}" in body for body in bodies[persian_no]
    )
    assert bodies[english_no] and not any(FSI in body for body in bodies[english_no])


def test_a_flashed_tracking_number_is_isolated_in_persian(app, inline_jobs):
    client = login(app, "clerk_water", "fa")
    page = register(app, client, ward=5, phone="+919812345605", description="Pipe burst.").text
    assert re.search(r"<bdi>JS-\d+</bdi>", page)
