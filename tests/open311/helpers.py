"""What an Open311 client does and checks: post form-encoded, read XML or JSON."""

import json
import os
from xml.etree import ElementTree as ET

from jsonschema import Draft4Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4

from app.extensions import db
from app.models.grievance.ticket import Ticket

BASE = "/open311/v2"
DECLARATION = b'<?xml version="1.0" encoding="utf-8"?>'
POINT = {"lat": "22.7533", "long": "75.8937"}  # Vijay Nagar, ward 3


def xml(answer) -> ET.Element:
    """The answer's XML document: declared as the spec writes, no namespace anywhere."""
    assert answer.headers["Content-Type"] == "text/xml; charset=utf-8"
    assert answer.data.startswith(DECLARATION)
    root = ET.fromstring(answer.data)  # noqa: S314 - our own answer, not untrusted input
    assert not any(element.tag.startswith("{") for element in root.iter())
    return root


def json_of(answer):
    assert answer.headers["Content-Type"] == "application/json; charset=utf-8"
    return answer.get_json()


def fields(element: ET.Element) -> dict:
    """A flat XML element's children as {tag: text} ("" for an empty element)."""
    return {child.tag: child.text or "" for child in element}


def post(client, api_key: str | None, fmt: str = "json", **data):
    body = {"service_code": "DRAIN", "email": "reporter@example.org", **POINT, **data}
    if api_key is not None:
        body["api_key"] = api_key
    body = {name: value for name, value in body.items() if value is not None}
    return client.post(f"{BASE}/requests.{fmt}", data=body)


def ticket_count(app) -> int:
    with app.app_context():
        return db.session.query(Ticket).count()


def ticket(app, tracking_no: str) -> Ticket:
    with app.app_context():
        found = db.session.query(Ticket).filter_by(tracking_no=tracking_no).one()
        db.session.expunge(found)
        return found


HERE = os.path.dirname(os.path.abspath(__file__))
SCHEMAS = os.path.join(HERE, "schemas")
# The published schemas (open311/schema-validation), beside the checkout in CI: checked too.
PUBLISHED = os.path.join(HERE, "..", "..", "..", "shared", "open311-schemas")


def validators(folder: str):
    """name -> a draft-4 validator of folder/name.json, `$ref` resolved by file name."""
    documents = {}
    for name in os.listdir(folder):
        if name.endswith(".json"):
            with open(os.path.join(folder, name), encoding="utf-8") as fh:
                documents[name] = json.load(fh)
    registry = Registry().with_resources(
        (name, Resource.from_contents(doc, default_specification=DRAFT4))
        for name, doc in documents.items()
    )
    return lambda name: Draft4Validator(
        documents[f"{name}.json"], registry=registry, format_checker=Draft4Validator.FORMAT_CHECKER
    )


class EverySchema:
    """Valid only when every schema set holds it: ours, and the published ones where present."""

    def __init__(self, validators):
        self.validators = validators

    def validate(self, instance) -> None:
        for validator in self.validators:
            validator.validate(instance)

    def is_valid(self, instance) -> bool:
        return all(validator.is_valid(instance) for validator in self.validators)


def every_schema(name: str) -> EverySchema:
    """The validator of answer `name` against ours and, where present, the published schemas."""
    folders = [SCHEMAS] + ([PUBLISHED] if os.path.isdir(PUBLISHED) else [])
    return EverySchema([validators(folder)(name) for folder in folders])
