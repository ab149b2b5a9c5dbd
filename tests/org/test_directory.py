import pytest

from app.core.errors import InvalidCode
from app.models.org import Category, Ward
from app.services.org.directory import prepare_category, prepare_ward
from app.services.org.errors import InvalidGeoJSON


def test_ward_boundary_must_be_a_polygon():
    ward = Ward(number=1, name="x", boundary_geojson='{"type": "Point", "coordinates": [1, 2]}')
    with pytest.raises(InvalidGeoJSON):
        prepare_ward(ward)
    ward.boundary_geojson = (
        '{"type": "Polygon", "coordinates": [[[75.8,22.7],[75.9,22.7],[75.9,22.8],[75.8,22.7]]]}'
    )
    prepare_ward(ward)


def test_category_code_is_usable_as_an_open311_service_code():
    with pytest.raises(InvalidCode):
        prepare_category(Category(code="bad code!"))
    prepare_category(Category(code="WATER-SUPPLY_2"))
