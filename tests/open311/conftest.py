"""Open311 fixtures: an API key, and the published GeoReport v2 JSON schemas as a validator."""

import json
import os

import pytest
from jsonschema import Draft4Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4

from app.extensions import db
from app.models.open311 import AttributeType, ServiceAttribute
from app.models.org import Category
from app.services import open311_keys

SCHEMAS = os.path.join(
    os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "shared", "open311-schemas"
)


@pytest.fixture(scope="session")
def api_key(app):
    with app.app_context():
        return open311_keys.issue("Test client")[1]


@pytest.fixture(scope="session")
def schema():
    """schema("services") -> a validator of that schema; formats (date-time, uri) checked."""
    if not os.path.isdir(SCHEMAS):
        pytest.skip(f"the Open311 schemas are not beside the checkout ({SCHEMAS})")
    documents = {}
    for name in os.listdir(SCHEMAS):
        if name.endswith(".json"):
            with open(os.path.join(SCHEMAS, name), encoding="utf-8") as fh:
                documents[name] = json.load(fh)
    registry = Registry().with_resources(
        (name, Resource.from_contents(doc, default_specification=DRAFT4))
        for name, doc in documents.items()
    )

    def validator(name: str) -> Draft4Validator:
        return Draft4Validator(
            documents[f"{name}.json"],
            registry=registry,
            format_checker=Draft4Validator.FORMAT_CHECKER,
        )

    return validator


@pytest.fixture()
def pothole_questions(app):
    """POTHOLE asks three questions; DRAIN asks none."""
    with app.app_context():
        pothole = db.session.query(Category).filter_by(code="POTHOLE").one()
        rows = [
            ServiceAttribute(
                category_id=pothole.id,
                position=2,
                code="SIZE",
                description="How big is it?",
                datatype=AttributeType.singlevaluelist,
                required=True,
                choices="S = Small\nL = Large",
            ),
            ServiceAttribute(
                category_id=pothole.id,
                position=1,
                code="DEPTH",
                description="Depth in cm",
                datatype=AttributeType.number,
                datatype_description="A whole number",
            ),
            ServiceAttribute(
                category_id=pothole.id,
                position=3,
                code="CAUSE",
                description="What caused it?",
                datatype=AttributeType.multivaluelist,
                choices="RAIN = Rain\nTRUCK = Heavy trucks",
            ),
        ]
        db.session.add_all(rows)
        db.session.commit()
        ids = [row.id for row in rows]
    yield
    with app.app_context():
        db.session.query(ServiceAttribute).filter(ServiceAttribute.id.in_(ids)).delete()
        db.session.commit()
