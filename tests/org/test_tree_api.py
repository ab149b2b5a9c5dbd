"""REST `org_unit` and `holiday` as an integrator uses them (docs/CONTRACT.md): the parent by
id, days as YYYY-MM-DD, and every mistake answered with a 4xx and a message, never a 500."""

from app.extensions import db
from app.models.org import Holiday, OrgUnit
from tests.conftest import api_headers
from tests.org_tree_helpers import police_tree


def _units(app):
    with app.test_request_context():
        return {name: u.id for name, u in police_tree().items()}


def test_an_integrator_adds_a_station_under_a_district(app):
    units, headers = _units(app), api_headers(app, "admin")
    api = app.test_client()
    body = {"name": "N9", "parent": units["north"], "level_name": "Police station"}
    made = api.post("/api/v1/org_unit/", json=body, headers=headers)
    assert made.status_code == 201, made.json
    shown = api.get(f"/api/v1/org_unit/{made.json['id']}", headers=headers).json["result"]
    assert (shown["name"], shown["level_name"], shown["parent"]) == (
        "N9",
        "Police station",
        units["north"],
    )
    assert shown["path"].endswith(f"/{units['north']}/{made.json['id']}/")
    root = api.post(
        "/api/v1/org_unit/", json={"name": "Another HQ", "parent": None}, headers=headers
    )
    assert root.status_code == 201
    with app.app_context():
        assert db.session.get(OrgUnit, root.json["id"]).depth == 0
        db.session.query(OrgUnit).filter(OrgUnit.name.in_(["N9", "Another HQ"])).delete()
        db.session.commit()


def test_bad_units_are_refused_with_a_message(app):
    units, headers = _units(app), api_headers(app, "admin")
    api = app.test_client()
    unknown = api.post("/api/v1/org_unit/", json={"name": "X", "parent": 987654}, headers=headers)
    assert 400 <= unknown.status_code < 500 and unknown.json["message"]
    cycle = api.put(
        f"/api/v1/org_unit/{units['north']}", json={"parent": units["n1"]}, headers=headers
    )
    assert cycle.status_code == 400 and "cannot sit under itself" in cycle.json["message"], (
        cycle.json
    )
    itself = api.put(
        f"/api/v1/org_unit/{units['north']}", json={"parent": units["north"]}, headers=headers
    )
    assert itself.status_code == 400
    with app.app_context():
        north = db.session.get(OrgUnit, units["north"])
        assert north.parent_id == units["hq"]
    hindi = api.put(
        f"/api/v1/org_unit/{units['north']}?_l_=hi", json={"parent": units["n1"]}, headers=headers
    )
    assert hindi.status_code == 400 and "cannot sit under itself" not in hindi.json["message"]
    calendar = api.post(
        "/api/v1/org_unit/", json={"name": "Y", "working_days": "789"}, headers=headers
    )
    assert calendar.status_code == 400 and "789" in calendar.json["message"]


def test_holidays_by_day(app):
    units, headers = _units(app), api_headers(app, "admin")
    api = app.test_client()
    body = {"org_unit": units["north"], "day": "2026-11-09", "name": "Local fair"}
    made = api.post("/api/v1/holiday/", json=body, headers=headers)
    assert made.status_code == 201, made.json
    shown = api.get(f"/api/v1/holiday/{made.json['id']}", headers=headers).json["result"]
    assert (shown["day"], shown["org_unit"], shown["name"]) == (
        "2026-11-09",
        units["north"],
        "Local fair",
    )
    again = api.post("/api/v1/holiday/", json=body, headers=headers)
    assert again.status_code == 409 and "2026-11-09" in again.json["message"]
    bad_day = api.post("/api/v1/holiday/", json={**body, "day": "2026-13-01"}, headers=headers)
    assert bad_day.status_code == 400 and "YYYY-MM-DD" in bad_day.json["message"]
    hindi = api.post("/api/v1/holiday/?_l_=hi", json={**body, "day": "9/11/2026"}, headers=headers)
    assert hindi.status_code == 400 and "please write" not in hindi.json["message"]
    no_unit = api.post("/api/v1/holiday/", json={**body, "org_unit": 987654}, headers=headers)
    assert 400 <= no_unit.status_code < 500
    clerk = api.post("/api/v1/holiday/", json=body, headers=api_headers(app, "clerk_water"))
    assert clerk.status_code == 403
    with app.app_context():
        assert db.session.query(Holiday).filter_by(org_unit_id=units["north"]).count() == 1
        db.session.query(Holiday).delete()
        db.session.commit()


def test_wards_officers_departments_and_categories_show_their_unit_and_clock(app):
    units, headers = _units(app), api_headers(app, "admin")
    api = app.test_client()
    wards = api.get("/api/v1/ward/?q=(page_size:100)", headers=headers).json["result"]
    assert {w["number"]: (w["org_unit"] or {}).get("id") for w in wards}[901] == units["n1"]
    category = api.get("/api/v1/category/?q=(page_size:1)", headers=headers).json["result"][0]
    assert category["clock"] in ("round_the_clock", "office_hours")
    department = api.get("/api/v1/department/?q=(page_size:1)", headers=headers).json["result"]
    assert "org_unit" in department[0]
    officer = api.get("/api/v1/officer/?q=(page_size:1)", headers=headers).json["result"]
    assert "org_unit" in officer[0]
