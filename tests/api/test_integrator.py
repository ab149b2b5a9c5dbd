"""As an integrator would: read the OpenAPI document, log in for a JWT, create a ticket with
the fields the document asks for, move it, and list tickets seeing only what the role allows.
(tests/security/test_ticket_scope.py checks every role's scope; this is the walk-through.)"""

from tests.conftest import PASSWORD, new_client

TICKET = "/api/v1/ticket/"


def jwt(client, username: str) -> dict:
    answer = client.post(
        "/api/v1/security/login",
        json={"username": username, "password": PASSWORD, "provider": "db", "refresh": False},
    )
    assert answer.status_code == 200, answer.text
    return {"Authorization": f"Bearer {answer.json['access_token']}"}


def resolve(document: dict, schema: dict) -> dict:
    """A schema given by $ref, looked up in the document's components."""
    if "$ref" not in schema:
        return schema
    return document["components"]["schemas"][schema["$ref"].rsplit("/", 1)[-1]]


def body_schema(document: dict, path: str) -> dict:
    """The JSON schema of a POST's body."""
    content = document["paths"][path]["post"]["requestBody"]["content"]["application/json"]
    return resolve(document, content["schema"])


def test_an_integrator_works_tickets_from_the_openapi_document(app):
    client = new_client(app)
    clerk = jwt(client, "clerk_water")
    document = client.get("/api/v1/_openapi", headers=clerk).json
    new_ticket = body_schema(document, TICKET)
    assert {"category", "description"} <= set(new_ticket["required"])
    moves = body_schema(document, "/api/v1/ticket/{pk}/transition")
    assert "in_progress" in moves["properties"]["to"]["enum"]
    created = document["paths"][TICKET]["post"]["responses"]["201"]["content"]
    assert "tracking_no" in resolve(document, created["application/json"]["schema"])["properties"]

    categories = client.get("/api/v1/category/?q=(page_size:100)", headers=clerk).json["result"]
    drain = next(c["id"] for c in categories if c["code"] == "DRAIN")
    bad = client.post(TICKET, headers=clerk, json={"category": "drain", "description": 7})
    assert bad.status_code == 400
    assert set(bad.json["errors"]) == {"category", "description"}
    assert "category" in bad.json["message"]

    made = client.post(
        TICKET,
        headers=clerk,
        json={"category": drain, "description": "Drain overflowing", "phone": "+919811100077"},
    )
    assert made.status_code == 201, made.text
    pk, tracking_no = made.json["id"], made.json["tracking_no"]
    moved = client.post(f"{TICKET}{pk}/transition", headers=clerk, json={"to": "in_progress"})
    assert moved.status_code == 200 and moved.json["state"] == "in_progress"

    newest = "?q=(order_column:id,order_direction:desc,page_size:100)"
    listed = client.get(f"{TICKET}{newest}", headers=clerk).json["result"]
    assert tracking_no in {t["tracking_no"] for t in listed}
    assert {t["department"]["code"] for t in listed} == {"WATER"}

    officer = jwt(client, "officer_water")
    mine = client.get(f"{TICKET}?q=(page_size:100)", headers=officer).json["result"]
    assignees = {t["assignee"]["id"] if t["assignee"] else None for t in mine}
    assert len(assignees) == 1 and None not in assignees
    roads = client.post(TICKET, headers=officer, json={})
    assert roads.status_code == 403


def test_every_staff_role_reads_the_openapi_document_and_nobody_else(app):
    client = new_client(app)
    assert client.get("/api/v1/_openapi").status_code == 401
    for username in (
        "supervisor",
        "clerk_water",
        "officer_water",
        "counter",
        "postman1",
        "auditor",
    ):
        answer = client.get("/api/v1/_openapi", headers=jwt(client, username))
        assert answer.status_code == 200, username
        assert "/api/v1/ticket/" in answer.json["paths"]


def test_a_malformed_token_is_a_422_whose_msg_the_document_describes(app):
    client = new_client(app)
    answer = client.get(TICKET, headers={"Authorization": "Bearer not-a-token"})
    assert answer.status_code == 422 and isinstance(answer.json["msg"], str)
    document = client.get("/api/v1/_openapi", headers=jwt(client, "clerk_water")).json
    described = document["components"]["responses"]["422"]["content"]["application/json"]
    assert described["schema"]["properties"]["msg"] == {"type": "string"}


def test_the_document_gives_ids_as_the_integers_they_are(app):
    client = new_client(app)
    document = client.get("/api/v1/_openapi", headers=jwt(client, "supervisor")).json
    created = document["paths"]["/api/v1/ward/"]["post"]["responses"]["201"]["content"]
    assert created["application/json"]["schema"]["properties"]["id"] == {"type": "integer"}
