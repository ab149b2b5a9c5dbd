"""What the services refuse comes back as a 400 with its message, not as a server error:
found by tests/api/test_schema_fuzz.py."""

from app.services.tracking import damm
from tests.conftest import api_headers, new_client

NO_WARD = 999999


def test_a_ticket_for_a_ward_that_does_not_exist_is_refused(app):
    clerk = api_headers(app, "clerk_water")
    client = new_client(app)
    categories = client.get("/api/v1/category/?q=(page_size:100)", headers=clerk).json["result"]
    drain = next(c["id"] for c in categories if c["code"] == "DRAIN")
    answer = client.post(
        "/api/v1/ticket/",
        headers=clerk,
        json={
            "category": drain,
            "description": "Drain blocked",
            "phone": "+919811100078",
            "ward": NO_WARD,
        },
    )
    assert answer.status_code == 400, answer.text
    assert answer.json["message"] == f"There is no ward with the id {NO_WARD}."


def test_an_article_for_a_ward_that_does_not_exist_is_refused(app):
    answer = new_client(app).post(
        "/api/v1/article/",
        headers=api_headers(app, "counter"),
        json={
            "sender_name": "Indore GPO",
            "recipient_name": "Kavita Rao",
            "address": "12 MG Road",
            "mobile": "+919812340079",
            "ward_id": NO_WARD,
            "weight_g": 300,
        },
    )
    assert answer.status_code == 400, answer.text
    assert answer.json["message"] == f"There is no ward with the id {NO_WARD}."


def test_a_tracking_number_longer_than_any_id_is_refused(app):
    digits = "1" * 24
    too_long = f"JS-{digits}{damm(digits)}"  # its check digit is right
    answer = new_client(app).post(
        "/api/v1/payment/",
        headers=api_headers(app, "clerk_water"),
        json={"purpose": "other", "amount": "10.00", "ticket": too_long},
    )
    assert answer.status_code == 400, answer.text
    assert answer.json["message"] == (
        f"{too_long} is not a valid tracking number: please check the digits."
    )


def test_a_path_that_names_no_record_is_a_json_404(app):
    admin = api_headers(app, "admin")
    client = new_client(app)
    for method, path in [
        ("get", "/api/v1/ward/null,null"),  # GET takes <int:pk>; PUT and DELETE any <pk>
        ("get", "/api/v1/ward/99999999999"),
        ("post", "/api/v1/ticket/7867652701418/transition"),  # beyond PostgreSQL's integer
    ]:
        answer = getattr(client, method)(path, headers=admin, json={"to": "acknowledged"})
        assert answer.status_code == 404 and answer.is_json, (path, answer.text)
    refused = client.patch("/api/v1/ward/1", headers=admin, json={})
    assert refused.status_code == 405 and refused.json["message"] == (
        "This address does not accept PATCH."
    )
