"""`POST /api/v1/ticket/<id>/correct` and `.../appeal` as an integrator calls them, with the
ticket's `org_unit`, `level` and `paused`; every refusal is a documented status with a
message in the caller's language."""

from app.extensions import db
from app.models.grievance.ticket import Feedback, Ticket
from app.services.grievance import tickets
from tests.conftest import api_headers, new_client
from tests.grievance_helpers import category_id, new_ticket, ward_id

TICKET = "/api/v1/ticket/"


def body_schema(document: dict, path: str) -> dict:
    """The JSON schema of a POST's body, as the OpenAPI document gives it."""
    content = document["paths"][path]["post"]["requestBody"]["content"]["application/json"]
    schema = content["schema"]
    if "$ref" in schema:
        return document["components"]["schemas"][schema["$ref"].rsplit("/", 1)[-1]]
    return schema


def test_a_clerk_corrects_and_transfers_a_ticket_by_the_api(app):
    with app.test_request_context():
        pk = new_ticket("DRAIN", ward=3, phone="+919811200001").id
        pothole = category_id("POTHOLE")
    client = new_client(app)
    clerk = api_headers(app, "clerk_water")
    document = client.get("/api/v1/_openapi", headers=clerk).json
    body = body_schema(document, "/api/v1/ticket/{pk}/correct")
    assert body["required"] == ["reason"] and "org_unit" in body["properties"]
    shown = client.get(f"{TICKET}{pk}", headers=clerk).json["result"]
    assert shown["level"] == 1 and shown["paused"] is False and "org_unit" in shown

    answer = client.post(
        f"{TICKET}{pk}/correct", headers=clerk, json={"priority": "high", "reason": "School"}
    )
    assert answer.status_code == 200, answer.text
    assert answer.json["level"] == 1 and answer.json["department"] == "WATER"
    moved = client.post(
        f"{TICKET}{pk}/correct", headers=clerk, json={"category": pothole, "reason": "A road"}
    )
    assert moved.status_code == 200 and moved.json["department"] == "ROADS"
    assert client.get(f"{TICKET}{pk}", headers=clerk).status_code == 404  # now Roads' ticket
    roads = api_headers(app, "clerk_roads")
    shown = client.get(f"{TICKET}{pk}", headers=roads).json["result"]
    assert shown["category"]["code"] == "POTHOLE" and shown["priority"] == "high"


def test_bad_corrections_are_refused_by_the_api(app):
    with app.test_request_context():
        pk = new_ticket("DRAIN", ward=3, phone="+919811200002").id
        ward = ward_id(4)
    client = new_client(app)
    clerk = api_headers(app, "clerk_water")

    def correct(body, language="en"):
        return client.post(f"{TICKET}{pk}/correct?_l_={language}", headers=clerk, json=body)

    assert correct({"ward": ward}).status_code == 400  # no reason
    empty = correct({"ward": ward, "reason": " "}, "hi")
    assert empty.status_code == 400 and empty.json["message"] == "कृपया कारण बताएँ।"
    unknown = correct({"category": 999999, "reason": "x"})
    assert unknown.status_code == 400 and "999999" in unknown.json["message"]
    assert correct({"priority": "soon", "reason": "x"}).status_code == 400
    assert correct({"reason": "x"}).status_code == 400  # nothing to change
    assert correct({"org_unit": 999999, "reason": "x"}).status_code == 400
    assert client.post(f"{TICKET}2147483647/correct", headers=clerk, json={}).status_code == 404


def test_the_citizens_appeal_by_the_api(app):
    with app.test_request_context():
        ticket = new_ticket("DRAIN", ward=3, phone="+919811200003")
        pk = ticket.id
        tickets.transition(ticket, "resolved")
    client = new_client(app)
    clerk = api_headers(app, "clerk_water")
    early = client.post(f"{TICKET}{pk}/appeal?_l_=hi", headers=clerk, json={"reason": "Bad"})
    assert early.status_code == 409 and "अपील" in early.json["message"]  # not yet
    with app.test_request_context():
        ticket = db.session.get(Ticket, pk)
        db.session.add(
            Feedback(
                ticket_id=pk,
                resolved_at=ticket.resolved_at,
                rating=1,
                created_at=ticket.resolved_at,
            )
        )
        tickets.transition(ticket, "closed")
    assert (
        client.post(f"{TICKET}{pk}/appeal", headers=clerk, json={"reason": ""}).status_code == 400
    )
    opened = client.post(
        f"{TICKET}{pk}/appeal", headers=clerk, json={"reason": "Drain still smells"}
    )
    assert opened.status_code == 201, opened.text
    assert opened.json["appeal_of"] == ticket.tracking_no
    assert opened.json["tracking_no"] != ticket.tracking_no
    again = client.post(f"{TICKET}{pk}/appeal", headers=clerk, json={"reason": "Again"})
    assert again.status_code == 409 and opened.json["tracking_no"] in again.json["message"]
    shown = client.get(f"{TICKET}{opened.json['id']}", headers=clerk).json["result"]
    assert shown["appeal_of"]["tracking_no"] == ticket.tracking_no
