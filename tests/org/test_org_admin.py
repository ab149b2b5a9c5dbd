"""An admin manages the organisation in the admin UI, typing numbers in any script."""

import re

import pytest

from app.extensions import db
from app.models.org import Category, Department, Ward
from tests.conftest import csrf_token, login, new_client


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


def _as_browser_sends(form_page: str, **typed) -> dict:
    """The add form posted as rendered: its ticked boxes sent, its unticked ones left out."""
    data = {"csrf_token": re.search(r'name="csrf_token"[^>]*value="([^"]+)"', form_page)[1]}
    for box in re.findall(r"<input[^>]*type=\"checkbox\"[^>]*>", form_page):
        if re.search(r"\bchecked\b", box):
            data[re.search(r'name="([^"]+)"', box)[1]] = "y"
    return {**data, **typed}


@pytest.mark.modules("portal")
def test_a_new_department_and_category_are_active_unless_unticked(app):
    client = login(app, "admin")
    page = client.get("/departmentview/add").text
    client.post("/departmentview/add", data=_as_browser_sends(page, code="PARKS", name="Parks"))
    with app.app_context():
        parks = db.session.query(Department).filter_by(code="PARKS").one()
        assert parks.active, "a new department was created inactive"
        parks_id = parks.id
    page = client.get("/categoryview/add").text
    typed = {
        "code": "TREE",
        "name": "Fallen tree",
        "department": str(parks_id),
        "kind": "complaint",
    }
    typed |= {"first_response_minutes": "60", "primary_action_minutes": "600"}
    client.post("/categoryview/add", data=_as_browser_sends(page, **typed, resolution_hours="48"))
    with app.app_context():
        tree = db.session.query(Category).filter_by(code="TREE").one()
        assert tree.active, "a new category was created inactive"
    assert "Fallen tree" in new_client(app).get("/report").text  # citizens can choose it
    with app.app_context():
        db.session.delete(tree)
        db.session.delete(db.session.get(Department, parks_id))
        db.session.commit()
