"""Scope follows the organisation tree: a district SP sees their district's and its stations'
tickets, an HQ desk operator exactly the districts given to them, a station officer their
station's; on the list, the ticket page, the API, the CSV export, photos, citizens and the
timeline. A login without units keeps its department's scope (tests/security/test_ticket_scope)."""

import pytest

from app.extensions import db
from app.models.grievance.ticket import Ticket
from tests.conftest import api_headers, login
from tests.grievance_helpers import new_ticket
from tests.org_tree_helpers import police_tree
from tests.photo_helpers import picture


@pytest.fixture(scope="module")
def cases(app):
    """A drain ticket at N1 (with a photo), a pothole at N2, a drain at S1 (with a photo) and
    one at East: {name: (id, tracking number, photo id, citizen id)}."""
    with app.test_request_context():
        police_tree()
        made = {}
        for name, code, ward, phone, photo in (
            ("n1", "DRAIN", 901, "+919855500001", True),
            ("n2", "POTHOLE", 902, "+919855500002", False),
            ("s1", "DRAIN", 903, "+919855500003", True),
            ("east", "DRAIN", 904, "+919855500004", False),
        ):
            photos = [("p.jpg", picture())] if photo else None
            ticket = new_ticket(code, ward=ward, phone=phone, photos=photos)
            ticket = db.session.get(Ticket, ticket.id)
            made[name] = (
                ticket.id,
                ticket.tracking_no,
                ticket.photos[0].id if ticket.photos else None,
                ticket.citizen_id,
            )
        return made


SEES = {
    "sp_north": {"n1", "n2"},  # heads North: North and its stations
    "sp_south": {"s1"},
    "hq_desk": {"n1", "n2", "east"},  # given North and East
    "sho_n1": {"n1"},  # an officer given station N1
    "water_north": {"n1"},  # given North, works for Water & Drainage: North's drains only
    "supervisor": {"n1", "n2", "s1", "east"},  # no units: every ticket, as before
}


@pytest.mark.parametrize("user", sorted(SEES))
def test_tickets_follow_the_tree_on_every_path(app, cases, user):
    client, headers = login(app, user), api_headers(app, user)
    api = app.test_client()
    listing = client.get("/ticketview/list/?psize_TicketView=100").text
    newest = "/api/v1/ticket/?q=(page_size:100,order_column:id,order_direction:desc)"
    seen_api = {row["tracking_no"] for row in api.get(newest, headers=headers).json["result"]}
    export = client.get("/ticketview/export.csv").get_data(as_text=True)
    for name, (pk, tracking_no, photo, _citizen) in cases.items():
        visible = name in SEES[user]
        status = 200 if visible else 404
        assert (tracking_no in listing) is visible, (name, "list")
        assert (tracking_no in seen_api) is visible, (name, "api")
        assert (tracking_no in export) is visible, (name, "export")
        assert client.get(f"/ticketview/show/{pk}").status_code == status, (name, "show")
        assert api.get(f"/api/v1/ticket/{pk}", headers=headers).status_code == status
        if photo:
            assert client.get(f"/ticketview/photo/{photo}/full").status_code == status


@pytest.mark.parametrize("user", ["sp_north", "hq_desk"])
def test_citizens_and_timeline_follow_the_tree(app, cases, user):
    headers = api_headers(app, user)
    api = app.test_client()
    for name, (_pk, _tracking_no, _photo, citizen) in cases.items():
        status = 200 if name in SEES[user] else 404
        assert api.get(f"/api/v1/citizen/{citizen}", headers=headers).status_code == status
    client = login(app, user)
    south = cases["s1"][0]
    assert client.get(f"/ticketview/show/{south}").status_code == 404
    events = client.get("/ticketeventview/list/?psize_TicketEventView=100")
    if events.status_code == 200:  # the timeline's own list, where the role may read it
        assert cases["s1"][1] not in events.text


def test_moving_a_station_moves_its_tickets_into_the_new_districts_scope(app, cases):
    from app.models.org import OrgUnit
    from app.services.org import tree

    with app.test_request_context():
        n2 = db.session.query(OrgUnit).filter_by(name="N2").one()
        south = db.session.query(OrgUnit).filter_by(name="South").one()
        north = db.session.query(OrgUnit).filter_by(name="North").one().id
        n2.parent = south
        tree.move(n2)
        db.session.commit()
    try:
        headers = api_headers(app, "sp_south")
        answer = app.test_client().get(f"/api/v1/ticket/{cases['n2'][0]}", headers=headers)
        assert answer.status_code == 200
        headers = api_headers(app, "sp_north")
        answer = app.test_client().get(f"/api/v1/ticket/{cases['n2'][0]}", headers=headers)
        assert answer.status_code == 404
    finally:
        with app.test_request_context():
            n2 = db.session.query(OrgUnit).filter_by(name="N2").one()
            n2.parent = db.session.get(OrgUnit, north)
            tree.move(n2)
            db.session.commit()
