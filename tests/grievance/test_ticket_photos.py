"""Photos through the clerk's form and the API; only those who see the ticket see its photos."""

import re
from io import BytesIO

from PIL import Image

from app.extensions import db
from app.models.grievance.ticket import Ticket, TicketPhoto
from tests.conftest import api_headers, login
from tests.grievance_helpers import category_id, register
from tests.photo_helpers import picture


def test_clerk_registers_a_complaint_with_photos(app):
    client = login(app, "clerk_water")
    page = register(
        app,
        client,
        ward=5,
        phone="+919866600011",
        description="Overflowing drain",
        photos=[
            (BytesIO(picture(gps=True)), "drain.jpg"),
            (BytesIO(picture("PNG")), "b.png"),
        ],
    )
    tracking_no = re.search(r"Tracking number: <bdi>(JS-\d+)", page.text).group(1)
    with app.app_context():
        ticket = db.session.query(Ticket).filter_by(tracking_no=tracking_no).one()
        photo_ids = [p.id for p in ticket.photos]
        pk = ticket.id
    assert len(photo_ids) == 2
    show = client.get(f"/ticketview/show/{pk}").text
    assert f"/ticketview/photo/{photo_ids[0]}/thumbnail" in show and "2 photos added." in show
    full = client.get(f"/ticketview/photo/{photo_ids[0]}/full")
    assert full.mimetype == "image/jpeg"
    assert dict(Image.open(BytesIO(full.data)).getexif()) == {}
    outsider = login(app, "clerk_roads")
    assert outsider.get(f"/ticketview/photo/{photo_ids[0]}/full").status_code == 404


def test_a_bad_photo_refuses_the_complaint_and_says_why(app):
    client = login(app, "clerk_water")
    with app.app_context():
        before = db.session.query(Ticket).count()
    page = register(
        app,
        client,
        phone="+919866600012",
        description="Drain",
        photos=[(BytesIO(b"%PDF-1.4 not a photo"), "scan.pdf")],
    )
    assert "scan.pdf is not a photo we can take" in page.text
    with app.app_context():
        assert db.session.query(Ticket).count() == before


def test_api_adds_photos_to_a_ticket_in_scope(app):
    headers = api_headers(app, "clerk_water")
    with app.app_context():
        drain = category_id("DRAIN")
    created = app.test_client().post(
        "/api/v1/ticket/",
        headers=headers,
        json={"category": drain, "description": "Drain", "phone": "+919866600013"},
    )
    pk = created.json["id"]
    answer = app.test_client().post(
        f"/api/v1/ticket/{pk}/photos",
        headers=headers,
        data={"photo": (BytesIO(picture("WEBP")), "x.webp")},
        content_type="multipart/form-data",
    )
    assert answer.status_code == 201 and len(answer.json["photos"]) == 1
    with app.app_context():
        assert db.session.query(TicketPhoto).filter_by(ticket_id=pk).count() == 1
    roads = api_headers(app, "clerk_roads")
    refused = app.test_client().post(
        f"/api/v1/ticket/{pk}/photos",
        headers=roads,
        data={"photo": (BytesIO(picture()), "y.jpg")},
        content_type="multipart/form-data",
    )
    assert refused.status_code == 404
