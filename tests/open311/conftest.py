"""Open311 fixtures: an API key, and the GeoReport v2 answer schemas as a validator."""

import pytest

from app.extensions import db
from app.models.open311 import AttributeType, ServiceAttribute
from app.models.org import Category
from app.services.open311 import keys as open311_keys
from tests.open311.helpers import every_schema


@pytest.fixture(scope="session")
def api_key(app):
    with app.app_context():
        return open311_keys.issue("Test client")[1]


@pytest.fixture(scope="session")
def schema():
    """schema("services") -> a validator of that answer; formats (date-time, uri) checked."""
    return every_schema


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
