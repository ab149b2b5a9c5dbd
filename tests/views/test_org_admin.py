"""An admin manages the organisation in the admin UI, typing numbers in any script."""

from app.extensions import db
from app.models.org import Category, Ward
from tests.conftest import csrf_token, login


def test_admin_adds_a_ward_with_persian_digits(app):
    client = login(app, "admin", "fa")
    token = csrf_token(client, "/wardview/add")
    client.post(
        "/wardview/add",
        data={
            "csrf_token": token,
            "number": "۴۲",
            "name": "Test ward",
            "name_fa": "ناحیه آزمایشی",
            "latitude": "۲۲٫۷۱",
            "longitude": "75.85",
        },
    )
    with app.app_context():
        ward = db.session.query(Ward).filter_by(number=42).one()
        assert (ward.latitude, ward.name_fa) == (22.71, "ناحیه آزمایشی")
        db.session.delete(ward)
        db.session.commit()


def test_admin_sets_category_sla_with_bengali_digits(app, restore_demo):
    client = login(app, "admin", "bn")
    with app.app_context():
        category = db.session.query(Category).filter_by(code="DRAIN").one()
        pk, department = category.id, category.department_id
    token = csrf_token(client, f"/categoryview/edit/{pk}")
    client.post(
        f"/categoryview/edit/{pk}",
        data={
            "csrf_token": token,
            "code": "DRAIN",
            "name": "Blocked drain",
            "department": department,
            "kind": "complaint",
            "first_response_minutes": "১৫",
            "primary_action_minutes": "১২০",
            "resolution_hours": "২৪",
            "active": "y",
        },
    )
    with app.app_context():
        category = db.session.get(Category, pk)
        assert (category.first_response_minutes, category.resolution_hours) == (15, 24)


def test_category_search_filters_by_department(app):
    client = login(app, "admin")
    with app.app_context():
        water = db.session.query(Category).filter_by(code="DRAIN").one().department_id
    page = client.get(f"/categoryview/list/?_flt_0_department={water}")
    assert "Blocked drain" in page.text and "Pothole" not in page.text


def test_bad_ward_boundary_is_refused_in_the_users_language(app):
    client = login(app, "admin", "hi")
    token = csrf_token(client, "/wardview/add")
    page = client.post(
        "/wardview/add",
        data={
            "csrf_token": token,
            "number": "43",
            "name": "Bad shape",
            "boundary_geojson": '{"type": "Point", "coordinates": [1, 2]}',
        },
        follow_redirects=True,
    )
    assert "GeoJSON" in page.text and "वार्ड" in page.text
    with app.app_context():
        assert db.session.query(Ward).filter_by(number=43).count() == 0
