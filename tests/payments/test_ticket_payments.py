"""A payment requested for a ticket (a fine, a fee the complaint needs): the payer is the
ticket's citizen, the request shows on the ticket, and a clerk sees only the payments of their
own department's tickets."""

import re

from app.extensions import db
from app.models.payments import Payment
from tests.conftest import api_headers, csrf_token, login
from tests.grievance_helpers import new_ticket
from tests.i18n_helpers import visible_text


def _water_ticket(app, **fields):
    with app.app_context():
        ticket = new_ticket("DRAIN", ward=3, phone="+919812340701", **fields)
        return ticket.id, ticket.tracking_no


def test_a_clerk_requests_a_fine_from_the_ticket_page(app, gateways, inline_jobs):
    sms, _ = gateways
    pk, tracking_no = _water_ticket(app, name="Meena Devi", language="hi")
    clerk = login(app, "clerk_water")
    page = clerk.get(f"/ticketview/show/{pk}").text
    assert "Request a payment" in page
    form = clerk.get(f"/paymentview/add?ticket={pk}").text
    assert f"Request a payment for {tracking_no}" in form
    assert 'value="Meena Devi"' in form and 'value="+919812340701"' in form
    assert re.search(r'<option selected value="hi">|<option value="hi" selected', form)
    token = csrf_token(clerk, f"/paymentview/add?ticket={pk}")
    made = clerk.post(
        f"/paymentview/add?ticket={pk}",
        data={
            "csrf_token": token,
            "purpose": "fine",
            "amount": "500",
            "note": f"Fine {tracking_no}",
            "payer_name": "Meena Devi",
            "payer_mobile": "+919812340701",
            "payer_language": "hi",
        },
        follow_redirects=True,
    )
    assert "Requested for" in made.text and f"<bdi>{tracking_no}</bdi></a>" in made.text
    assert "Record as paid" not in made.text  # the counter takes the money, not the clerk
    assert "None" not in made.text  # no UTR yet: an empty cell
    [link] = [m for m in sms.received if "/pay/PAY" in m["text"]]
    assert link["to"] == "+919812340701" and "जुर्माना" in link["text"]  # "Fine", in Hindi
    ref = re.search(r"/pay/(PAY\d{8})", link["text"]).group(1)

    ticket_page = clerk.get(f"/ticketview/show/{pk}").text
    timeline = visible_text(ticket_page)
    assert f"Payment {ref} of ₹500.00 requested: Fine." in timeline
    row = rf"><bdi>{ref}</bdi></a></td>\s*<td>Fine</td><td>₹ 500.00</td>\s*<td>Waiting for payment<"
    assert re.search(row, ticket_page)
    assert ref in clerk.get("/paymentview/list/").text


def test_a_clerk_sees_only_the_payments_of_their_own_departments_tickets(app):
    pk, tracking_no = _water_ticket(app, name="Meena Devi")
    water = api_headers(app, "clerk_water")
    client = app.test_client()
    made = client.post(
        "/api/v1/payment/",
        headers=water,
        json={"purpose": "fine", "amount": "250", "ticket": tracking_no},
    )
    assert made.status_code == 201, made.json
    shown = client.get(f"/api/v1/payment/{made.json['id']}", headers=water).json["result"]
    assert shown["payer_name"] == "Meena Devi" and shown["link_kind"] == "ticket"
    assert shown["link_id"] == pk

    roads = api_headers(app, "clerk_roads")
    assert client.get(f"/api/v1/payment/{made.json['id']}", headers=roads).status_code == 404
    other = client.post(
        "/api/v1/payment/",
        headers=roads,
        json={"purpose": "fine", "amount": "250", "ticket": tracking_no},
    )
    assert other.status_code == 404 and "No ticket you can see" in other.json["message"]
    roads_browser = login(app, "clerk_roads")
    assert roads_browser.get(f"/paymentview/add?ticket={pk}").status_code == 404
    assert roads_browser.get(f"/paymentview/show/{made.json['id']}").status_code == 404
    assert made.json["ref"] not in roads_browser.get("/paymentview/list/").text

    # A clerk's request must be for a ticket: on its own, it would fall outside their scope.
    with app.app_context():
        before = db.session.query(Payment).count()
    loose = client.post("/api/v1/payment/", headers=water, json={"purpose": "fine", "amount": "9"})
    assert loose.status_code == 403 and "outside your department" in loose.json["message"]
    with app.app_context():
        assert db.session.query(Payment).count() == before


def test_the_counter_settles_a_tickets_payment_it_cannot_open_the_ticket_of(app):
    pk, tracking_no = _water_ticket(app)
    headers = api_headers(app, "supervisor")
    made = app.test_client().post(
        "/api/v1/payment/",
        headers=headers,
        json={"purpose": "other", "amount": "120", "ticket": tracking_no, "payer_name": "Ravi"},
    )
    assert made.status_code == 201
    shown = app.test_client().get(f"/api/v1/payment/{made.json['id']}", headers=headers).json
    assert shown["result"]["payer_name"] == "Ravi"  # given fields win over the citizen's
    supervisor = login(app, "supervisor")
    page = supervisor.get(f"/paymentview/show/{made.json['id']}").text
    linked = f'href="/ticketview/show/{pk}" class="janseva-linked"><bdi>{tracking_no}</bdi></a>'
    assert linked in page
    # The counter works payments, not tickets: it settles the request but gets no ticket link.
    counter = login(app, "counter")
    page = counter.get(f"/paymentview/show/{made.json['id']}").text
    assert "Record as paid" in page and "janseva-linked" not in page


def test_cash_on_delivery_cannot_be_requested_by_hand(app):
    headers = api_headers(app, "counter")
    made = app.test_client().post(
        "/api/v1/payment/", headers=headers, json={"purpose": "cod", "amount": "10"}
    )
    assert made.status_code == 400 and "cannot be requested for “cod”" in made.json["message"]


def test_a_payment_for_a_ticket_starts_from_its_category_or_from_nothing(app):
    with app.app_context():
        water = new_ticket("DRAIN", ward=3, phone="+919812340702").id
        tax = new_ticket("HOLDING-TAX", ward=3, phone="+919812340702").id
    supervisor = login(app, "supervisor", "bn")

    def chosen(url):
        form = supervisor.get(url).text
        select = re.search(r'<select[^>]*name="purpose".*?</select>', form, re.S).group(0)
        return re.findall(
            r'<option selected value="([^"]*)"|<option value="([^"]*)" selected', select
        )

    assert chosen(f"/paymentview/add?ticket={water}") == [("", "")]  # nothing, not holding tax
    assert chosen("/paymentview/add") == [("", "")]
    assert chosen(f"/paymentview/add?ticket={tax}") == [("holding_tax", "")]
    with app.app_context():
        before = db.session.query(Payment).count()
    token = csrf_token(supervisor, f"/paymentview/add?ticket={water}")
    refused = supervisor.post(
        f"/paymentview/add?ticket={water}",
        data={"csrf_token": token, "purpose": "", "amount": "500", "note": "Fine"},
    )
    supervisor.get("/lang/en")  # their remembered language, back for other tests
    assert "অনুগ্রহ করে বেছে নিন কিসের জন্য পেমেন্ট" in refused.text  # in Bengali
    with app.app_context():
        assert db.session.query(Payment).count() == before
