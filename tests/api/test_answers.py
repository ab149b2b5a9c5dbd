"""Answers say what the OpenAPI document says of them (app/views/base/openapi_fixes.py): a time
carries its zone, a relation or a choice that may be empty is documented as nullable, an amount
is decimal text: found by tests/api/test_schema_fuzz.py."""

from tests.conftest import api_headers, new_client


def test_a_time_is_answered_with_its_zone(app):
    admin = api_headers(app, "admin")
    client = new_client(app)
    made = client.post(
        "/api/v1/citizen/", headers=admin, json={"name": "Zone Test", "phone": "+919811100091"}
    )
    assert made.status_code == 201, made.text
    try:
        shown = client.get(f"/api/v1/citizen/{made.json['id']}", headers=admin).json
        assert shown["id"] == made.json["id"]
        assert shown["result"]["created_at"].endswith("+00:00")
        assert shown["result"]["ward"] is None
    finally:
        assert client.delete(f"/api/v1/citizen/{made.json['id']}", headers=admin).status_code == 200


def test_the_document_says_what_may_be_empty_and_how_amounts_are_written(app):
    document = new_client(app).get("/api/v1/_openapi", headers=api_headers(app, "admin")).json
    schemas = document["components"]["schemas"]
    ward = schemas["CitizenApi.get"]["properties"]["ward"]
    assert {"type": "object", "nullable": True} in ward["anyOf"]
    supervisor = schemas["DepartmentApi.get_list"]["properties"]["supervisor"]
    assert {"type": "object", "nullable": True} in supervisor["anyOf"]
    failure = schemas["ArticleApi.get"]["properties"]["failure_reason"]
    assert failure["nullable"] is True and None in failure["enum"]
    assert schemas["PaymentApi.get"]["properties"]["amount"]["type"] == "string"
    assert schemas["get_list_schema"]["properties"]["page"]["minimum"] == 0
    show = document["paths"]["/api/v1/ward/{pk}"]["get"]["responses"]["200"]
    assert show["content"]["application/json"]["schema"]["properties"]["id"]["type"] == "integer"
    for method in ("put", "delete"):
        assert "409" in document["paths"]["/api/v1/ward/{pk}"][method]["responses"]
