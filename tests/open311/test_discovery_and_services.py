"""Discovery, the service list and service definitions, in XML and JSON, as a client reads them."""

import os

import pytest

from app.extensions import db
from app.models.org import Category
from tests.open311.helpers import BASE, SCHEMAS, fields, json_of, validators, xml

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.realpath(__file__))))


def test_the_schemas_travel_with_the_repository():
    """A fresh clone runs every schema check: our own schemas are inside the checkout."""
    assert os.path.commonpath([os.path.realpath(SCHEMAS), ROOT]) == ROOT
    for name in ("services", "service", "service-definition", "requests", "request"):
        assert os.path.isfile(os.path.join(SCHEMAS, f"{name}.json")), name


def test_our_own_schemas_refuse_what_the_standard_refuses():
    """Without the published schemas beside the checkout, ours alone still catch bad answers."""
    request = validators(SCHEMAS)("request")
    good = {"service_request_id": "1", "status": "open", "service_code": "X"}
    assert request.is_valid({**good, "requested_datetime": "2025-01-01T00:00:00+05:30"})
    for bad in (
        {**good, "requested_datetime": "2025-01-01T00:00"},
        {**good, "requested_datetime": "2025-01-01T00:00:00Z", "status": "pending"},
        {**good, "requested_datetime": "2025-01-01T00:00:00Z", "lat": "22.7"},
        {**good, "requested_datetime": "2025-01-01T00:00:00Z", "media_url": "/photo.jpg"},
        {"service_request_id": 1, "status": "open", "service_code": "X"},
    ):
        assert not request.is_valid(bad), bad
    services = validators(SCHEMAS)("services")
    assert services.is_valid(
        [{"service_code": "X", "service_name": "X", "metadata": False, "type": "realtime"}]
    )
    assert not services.is_valid([{"service_code": "X", "metadata": "false"}])


def test_the_schemas_check_formats(schema):
    """The acceptance check can fail: a time without zone and a relative URL are refused."""
    request = {"service_request_id": "1", "status": "open", "service_code": "X"}
    assert schema("request").is_valid({**request, "requested_datetime": "2025-01-01T00:00:00Z"})
    assert not schema("request").is_valid({**request, "requested_datetime": "2025-01-01T00:00"})
    assert not schema("request").is_valid(
        {**request, "requested_datetime": "2025-01-01T00:00:00Z", "media_url": "/media/1.jpg"}
    )
    assert not schema("services").is_valid([{"service_code": "X", "metadata": "false"}])


def test_discovery_json(app):
    answer = json_of(app.test_client().get(f"{BASE}/discovery.json"))
    assert set(answer) >= {"changeset", "contact", "key_service", "endpoints"}
    assert answer["key_service"] == (
        "API keys are issued by the administrators of http://127.0.0.1:8080."
    )
    (endpoint,) = answer["endpoints"]
    assert endpoint["specification"] == "http://wiki.open311.org/GeoReport_v2"
    assert endpoint["url"] == "http://127.0.0.1:8080/open311/v2"
    assert endpoint["type"] in ("production", "test")
    assert endpoint["formats"] == ["text/xml", "application/json"]
    assert endpoint["changeset"] == answer["changeset"]


def test_discovery_xml(app):
    root = xml(app.test_client().get(f"{BASE}/discovery.xml?jurisdiction_id=city.gov"))
    assert root.tag == "discovery"
    assert [child.tag for child in root] == ["changeset", "contact", "key_service", "endpoints"]
    (endpoint,) = root.find("endpoints")
    assert endpoint.tag == "endpoint"
    assert endpoint.findtext("specification") == "http://wiki.open311.org/GeoReport_v2"
    assert [f.text for f in endpoint.find("formats")] == ["text/xml", "application/json"]
    assert {f.tag for f in endpoint.find("formats")} == {"format"}


def test_services_json_lists_the_active_categories(app, schema, pothole_questions):
    answer = json_of(app.test_client().get(f"{BASE}/services.json?jurisdiction_id=city.gov"))
    schema("services").validate(answer)
    by_code = {service["service_code"]: service for service in answer}
    assert by_code["DRAIN"] == {
        "service_code": "DRAIN",
        "service_name": "Blocked drain",
        "description": by_code["DRAIN"]["description"],
        "metadata": False,
        "type": "realtime",
        "keywords": "complaint",
        "group": "Water & Drainage",
    }
    assert by_code["POTHOLE"]["metadata"] is True
    with app.app_context():
        active = {c.code for c in db.session.query(Category).filter_by(active=True)}
    assert set(by_code) == active


def test_an_inactive_category_is_no_service(app, restore_demo):
    with app.app_context():
        db.session.query(Category).filter_by(code="CITY-IDEA").update({"active": False})
        db.session.commit()
    client = app.test_client()
    codes = {s["service_code"] for s in client.get(f"{BASE}/services.json").get_json()}
    assert "CITY-IDEA" not in codes and "DRAIN" in codes
    assert client.get(f"{BASE}/services/CITY-IDEA.json").status_code == 404


def test_services_xml(app, pothole_questions):
    root = xml(app.test_client().get(f"{BASE}/services.xml"))
    assert root.tag == "services" and {child.tag for child in root} == {"service"}
    drain = next(fields(s) for s in root if s.findtext("service_code") == "DRAIN")
    assert list(drain) == [
        "service_code",
        "service_name",
        "description",
        "metadata",
        "type",
        "keywords",
        "group",
    ]
    assert (drain["metadata"], drain["type"], drain["group"]) == (
        "false",
        "realtime",
        "Water & Drainage",
    )
    pothole = next(fields(s) for s in root if s.findtext("service_code") == "POTHOLE")
    assert pothole["metadata"] == "true"


def test_service_definition_json(app, schema, pothole_questions):
    answer = json_of(app.test_client().get(f"{BASE}/services/POTHOLE.json"))
    schema("service-definition").validate(answer)
    assert answer["service_code"] == "POTHOLE"
    depth, size, cause = answer["attributes"]  # in their order
    assert depth == {
        "variable": True,
        "code": "DEPTH",
        "datatype": "number",
        "required": False,
        "datatype_description": "A whole number",
        "order": 1,
        "description": "Depth in cm",
        "values": [],
    }
    assert (size["order"], size["required"], size["datatype"]) == (2, True, "singlevaluelist")
    assert size["values"] == [{"key": "S", "name": "Small"}, {"key": "L", "name": "Large"}]
    assert (cause["code"], cause["datatype"], len(cause["values"])) == (
        "CAUSE",
        "multivaluelist",
        2,
    )


def test_service_definition_xml(app, pothole_questions):
    root = xml(app.test_client().get(f"{BASE}/services/POTHOLE.xml"))
    assert root.tag == "service_definition"
    assert root.findtext("service_code") == "POTHOLE"
    attributes = root.find("attributes")
    assert [a.tag for a in attributes] == ["attribute", "attribute", "attribute"]
    size = attributes[1]
    assert (size.findtext("code"), size.findtext("required"), size.findtext("order")) == (
        "SIZE",
        "true",
        "2",
    )
    values = size.find("values")
    assert [(v.tag, v.findtext("key"), v.findtext("name")) for v in values] == [
        ("value", "S", "Small"),
        ("value", "L", "Large"),
    ]


def test_a_service_without_questions_has_an_empty_definition(app, schema):
    answer = json_of(app.test_client().get(f"{BASE}/services/DRAIN.json"))
    schema("service-definition").validate(answer)
    assert answer == {"service_code": "DRAIN", "attributes": []}


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_an_unknown_service_code_is_404_with_an_error_list(app, fmt):
    answer = app.test_client().get(f"{BASE}/services/NO-SUCH.{fmt}")
    assert answer.status_code == 404
    if fmt == "json":
        assert json_of(answer) == [
            {"code": 404, "description": "No service has the service_code 'NO-SUCH'"}
        ]
    else:
        root = xml(answer)
        assert root.tag == "errors" and [e.tag for e in root] == ["error"]
        assert fields(root[0]) == {
            "code": "404",
            "description": "No service has the service_code 'NO-SUCH'",
        }


def test_names_follow_the_language_asked_for(app):
    answer = app.test_client().get(f"{BASE}/services.json?lang=hi").get_json()
    drain = next(s for s in answer if s["service_code"] == "DRAIN")
    assert drain["service_name"] == "नाली जाम"
