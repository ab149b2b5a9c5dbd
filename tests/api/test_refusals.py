"""What the services refuse comes back as a 400 with its message, not as a server error:
found by tests/api/test_schema_fuzz.py."""

from app.services.grievance.tracking import damm
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


def test_a_value_another_record_has_is_a_409_naming_the_field(app):
    admin = api_headers(app, "admin")
    client = new_client(app)
    ward = client.get("/api/v1/ward/?q=(page_size:1)", headers=admin).json["result"][0]
    answer = client.post(
        "/api/v1/ward/", headers=admin, json={"number": ward["number"], "name": "Copy"}
    )
    assert answer.status_code == 409, answer.text
    assert answer.json == {
        "message": "Another record already has the same number.",
        "errors": {"number": ["Another record already has this value."]},
    }


def test_a_related_record_given_by_an_id_nothing_has_is_a_400_naming_it(app):
    admin = api_headers(app, "admin")
    client = new_client(app)
    answer = client.post(
        "/api/v1/officer/",
        headers=admin,
        json={"user": NO_WARD, "department": 1, "wards": [1, NO_WARD + 1]},
    )
    assert answer.status_code == 400, answer.text
    assert answer.json == {
        "message": "Please check these fields: user, wards.",
        "errors": {
            "user": [f"No record has the id {NO_WARD}."],
            "wards": [f"No record has the id {NO_WARD + 1}."],
        },
    }
    for ward in ({"id": 1}, "", True):  # FAB would look up an object, text or a boolean
        answer = client.post("/api/v1/citizen/", headers=admin, json={"name": "X", "ward": ward})
        assert answer.status_code == 400, answer.text
        assert answer.json["errors"] == {"ward": ["Please give a whole number here."]}


def test_a_value_its_column_cannot_hold_is_a_400_and_changes_nothing(app):
    admin = api_headers(app, "admin")
    client = new_client(app)
    ward = client.get("/api/v1/ward/?q=(page_size:1)", headers=admin).json["result"][0]
    for change, why in [
        ({"number": 2**40}, {"number": ["Please give a whole number here."]}),
        ({"zone": "North\x00"}, {"zone": ["Text cannot contain a NUL character."]}),
    ]:
        answer = client.put(f"/api/v1/ward/{ward['id']}", headers=admin, json=change)
        assert answer.status_code == 400, answer.text
        assert answer.json["errors"] == why
    again = client.get(f"/api/v1/ward/{ward['id']}", headers=admin).json["result"]
    assert again == ward


def test_a_record_other_records_point_to_is_not_deleted(app):
    admin = api_headers(app, "admin")
    client = new_client(app)
    departments = client.get("/api/v1/department/?q=(page_size:100)", headers=admin).json
    water = next(d["id"] for d in departments["result"] if d["code"] == "WATER")
    answer = client.delete(f"/api/v1/department/{water}", headers=admin)
    assert answer.status_code == 409, answer.text
    assert answer.json["message"].startswith("This record is still used by ")
    assert "2 categories" in answer.json["message"]
    assert client.get(f"/api/v1/department/{water}", headers=admin).status_code == 200


def test_a_query_the_database_cannot_run_or_nobody_can_read_is_a_400(app):
    admin = api_headers(app, "admin")
    client = new_client(app)
    for path, field in [
        ("/api/v1/ward/?q=(page:-1)", "page"),
        ("/api/v1/ward/_info?q=(add_columns:(zone:(page:-3)))", "page"),
        ("/api/v1/department/_info?q=1.5e%2B16", "q"),
        ("/api/v1/ward/?q=(a:", "q"),
        ("/api/v1/ward/?q=(filters:!((col:number,opr:eq,value:99999999999)))", "filters"),
        ("/api/v1/ward/?q=(filters:!((col:name,opr:ct,value:'a%00b')))", "filters"),
    ]:
        answer = client.get(path, headers=admin)
        assert answer.status_code == 400, (path, answer.text)
        assert answer.json["message"] == f"Please check these fields: {field}."


def test_a_body_that_is_no_json_object_is_a_400(app):
    admin = api_headers(app, "admin")
    client = new_client(app)
    ward = client.get("/api/v1/ward/?q=(page_size:1)", headers=admin).json["result"][0]
    for method, path in [("put", f"/api/v1/ward/{ward['id']}"), ("post", "/api/v1/ward/")]:
        for body in ("[null, null]", "null", "{"):
            answer = getattr(client, method)(
                path, headers=admin, data=body, content_type="application/json"
            )
            assert answer.status_code == 400, answer.text
            assert answer.json["errors"] == {"body": ["The body must be a JSON object."]}
