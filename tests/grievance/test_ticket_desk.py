"""The clerk's desk: register a walk-in, open the ticket page, work the ticket."""

import re

from app.extensions import db
from app.models.grievance.ticket import Ticket
from tests.conftest import csrf_token, login
from tests.grievance_helpers import new_ticket, register
from tests.i18n_helpers import visible_text


def test_clerk_registers_a_walk_in_and_gets_the_tracking_number(app):
    client = login(app, "clerk_water")
    page = register(
        app,
        client,
        ward=5,
        name="Kamla Devi",
        phone="९८१२३४५६७८",
        language="hi",
        address="Near temple",
        description="नाली जाम है",
    )
    tracking_no = re.search(r"Tracking number: <bdi>(JS-\d+)", page.text).group(1)
    with app.app_context():
        ticket = db.session.query(Ticket).filter_by(tracking_no=tracking_no).one()
        assert ticket.citizen.phone == "+919812345678" and ticket.citizen.language == "hi"
        assert ticket.assignee.user.username == "officer_water"


def test_register_form_explains_bad_input(app):
    client = login(app, "clerk_water", "hi")
    page = register(app, client, phone="12345", language="hi", description="x")
    assert "12345" in page.text and "मोबाइल" in page.text  # "not a valid mobile number" in Hindi


def test_the_timeline_counts_in_persian_digits(app):
    with app.test_request_context():
        pk = new_ticket("DRAIN", ward=4, phone="+919811122244").id
    page = visible_text(login(app, "clerk_water", "fa").get(f"/ticketview/show/{pk}").text)
    assert re.search(r"کمترین درخواست باز \([۰-۹]+\) در میان [۰-۹]+ مأمور", page)


def test_ticket_page_shows_history_timeline_and_works_the_ticket(app):
    with app.test_request_context():
        earlier = new_ticket("POTHOLE", ward=4, phone="+919811122233")
        ticket = new_ticket("DRAIN", ward=4, phone="+919811122233")
        pk, earlier_no = ticket.id, earlier.tracking_no
    client = login(app, "clerk_water")
    page = client.get(f"/ticketview/show/{pk}").text
    # the citizen's other ticket, in another department, only as a count (issue 18)
    assert earlier_no not in page and "Tickets outside your scope, not shown: 1" in page
    assert ">walk_in<" not in page
    page = visible_text(page)
    assert "fewest open tickets" in page and "Received by Walk-in." in page
    assert "Routed to Water & Drainage" in page
    token = csrf_token(client, f"/ticketview/show/{pk}")
    client.post(
        f"/ticketview/work/{pk}",
        data={"csrf_token": token, "to": "in_progress", "note": "Team sent"},
    )
    client.post(
        f"/ticketview/work/{pk}", data={"csrf_token": token, "note": "Call before 5", "public": ""}
    )
    refused = client.post(
        f"/ticketview/work/{pk}", data={"csrf_token": token, "to": "closed"}, follow_redirects=True
    )
    assert "cannot move" in refused.text
    page = visible_text(client.get(f"/ticketview/show/{pk}").text)
    assert "State changed from Assigned to In progress. Internal note: Team sent" in page
    assert "Call before 5" in page


def test_generic_add_leads_to_the_desk_form_and_there_is_no_generic_edit(app):
    client = login(app, "clerk_water")
    assert client.get("/ticketview/add").location.endswith("/ticketview/register")
    assert client.get("/ticketview/edit/1").status_code == 404  # the page corrects instead


def test_the_register_form_makes_the_clerk_choose_a_category(app):
    client = login(app, "clerk_water", "hi")
    form = client.get("/ticketview/register").text
    select = re.search(r'<select[^>]*name="category".*?</select>', form, re.S).group(0)
    first = re.search(r"<option[^>]*>[^<]*</option>", select).group(0)
    assert 'value="0"' in first and "—" in first, first  # nothing chosen for the clerk
    assert not re.search(r"<option selected[^>]*value=\"[1-9]", select)
    with app.app_context():
        before = db.session.query(Ticket).count()
    page = register(app, client, category=None, phone="9812345699", description="Pipe burst")
    client.get("/lang/en")  # the clerk's remembered language, back for other tests
    assert "कृपया श्रेणी चुनें" in page.text  # "Please choose the category.", in Hindi
    with app.app_context():
        assert db.session.query(Ticket).count() == before
