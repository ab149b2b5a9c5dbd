"""The water-tanker module in a running JanSeva: migrated by plain `flask db upgrade`, routed to
the Water department, scoped to it, in four languages, and gone when it is switched off."""

import json
import os
import random
import subprocess
import sys
import tempfile
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from alembic.script import ScriptDirectory
from conftest import csrf_token, flask, janseva_root, login, new_client
from sqlalchemy import create_engine, text

from app.extensions import db
from janseva_water_tanker.demo import REQUESTS
from janseva_water_tanker.models import TankerRequest

DEMO_ADDRESSES = [address for _ward, address, *_rest in REQUESTS]
LIST = "/tankerrequestview/list/"


def a_mobile() -> str:
    """A number of this run's own (the limits per number live in Redis between runs)."""
    return f"98{random.randint(10_000_000, 99_999_999)}"  # noqa: S311 - not a secret


def today(app) -> date:
    """The deployment's day (TIMEZONE), which may not be this machine's."""
    return datetime.now(ZoneInfo(app.config["BABEL_DEFAULT_TIMEZONE"])).date()


def ward_id(app, number: int) -> int:
    with app.app_context():
        return db.session.execute(
            text("SELECT id FROM ward WHERE number = :n"), {"n": number}
        ).scalar()


def versions(url: str) -> set[str]:
    engine = create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1))
    with engine.connect() as conn:
        found = {row[0] for row in conn.execute(text("SELECT version_num FROM alembic_version"))}
    engine.dispose()
    return found


def test_plain_flask_db_upgrade_reached_the_core_head_and_the_module_branch(app):
    heads = flask("db", "heads")
    assert heads.returncode == 0, heads.stderr
    assert "water_tanker_0001 (water_tanker) (head)" in heads.stdout
    core_head = ScriptDirectory(janseva_root() / "migrations").get_current_head()  # the core's
    assert versions(os.environ["DATABASE_URL"]) == {core_head, "water_tanker_0001"}


def test_a_fresh_sqlite_database_is_migrated_to_both_heads_too(app):
    url = "sqlite:///" + os.path.join(tempfile.mkdtemp(prefix="water-tanker-"), "fresh.db")
    done = flask("db", "upgrade", DATABASE_URL=url)
    assert done.returncode == 0, done.stderr
    assert "Running upgrade  -> water_tanker_0001" in done.stderr
    assert "water_tanker_0001" in versions(url) and len(versions(url)) == 2
    again = flask("db", "upgrade", DATABASE_URL=url)  # nothing left to do, and no complaint
    assert again.returncode == 0 and "Running upgrade" not in again.stderr


def test_the_demo_requests_went_to_the_water_department(app):
    with app.app_context():
        requests = db.session.query(TankerRequest).all()
        assert {r.address for r in requests} >= set(DEMO_ADDRESSES)
        assert {r.department.code for r in requests} == {"WATER"}


def test_a_water_clerk_sees_the_requests_and_a_roads_clerk_does_not(app):
    water = login(app, "clerk_water").get(LIST)
    assert water.status_code == 200
    for address in DEMO_ADDRESSES:
        assert address in water.text
    roads = login(app, "clerk_roads")
    page = roads.get(LIST)
    assert page.status_code == 200 and "Tanker requests" in page.text
    assert not any(address in page.text for address in DEMO_ADDRESSES)
    with app.app_context():
        pk = db.session.query(TankerRequest.id).filter_by(address=DEMO_ADDRESSES[0]).scalar()
    assert roads.get(f"/tankerrequestview/show/{pk}").status_code == 404
    assert "Tanker requests" not in login(app, "counter").get("/").text  # no right, no menu


def test_a_clerk_of_any_desk_takes_a_request_for_the_water_department(app):
    clerk, address = login(app, "clerk_roads"), f"Rau bus stand, shop {random.randint(1, 999)}"  # noqa: S311
    token = csrf_token(clerk, "/tankerrequestview/add")
    answer = clerk.post(
        "/tankerrequestview/add",
        data={
            "csrf_token": token,
            "ward": ward_id(app, 6),
            "address": address,
            "litres": "8000",
            "wanted_on": (today(app) + timedelta(days=2)).isoformat(),
            "phone": a_mobile(),
        },
    )
    assert answer.status_code == 302, answer.text
    with app.app_context():
        taken = db.session.query(TankerRequest).filter_by(address=address).one()
        assert taken.department.code == "WATER" and taken.requested_by.username == "clerk_roads"
        assert taken.phone.startswith("+9198")
    assert address in clerk.get(LIST).text  # the one they took
    assert address in login(app, "clerk_water").get(LIST).text  # and Water has it


def test_a_water_officer_marks_a_request_delivered_and_may_not_add_one(app):
    officer = login(app, "officer_water", "bn")
    with app.app_context():
        pending = db.session.query(TankerRequest).filter_by(address=DEMO_ADDRESSES[3]).one()
        fields = {
            "ward": pending.ward_id,
            "address": pending.address,
            "litres": str(pending.litres),
            "wanted_on": pending.wanted_on.isoformat(),
            "phone": pending.phone,
        }
    form = f"/tankerrequestview/edit/{pending.id}"
    token = csrf_token(officer, form)
    answer = officer.post(form, data={**fields, "status": "delivered", "csrf_token": token})
    assert answer.status_code == 302, answer.text
    page = officer.get(f"/tankerrequestview/show/{pending.id}")
    assert "বিলি হয়েছে" in page.text  # "Delivered", in Bengali
    assert officer.get("/tankerrequestview/add").status_code in (302, 403)
    with app.app_context():
        db.session.query(TankerRequest).filter_by(id=pending.id).update({"status": "requested"})
        db.session.commit()


def test_a_citizen_asks_on_the_public_page_in_hindi_typing_hindi_digits(app):
    citizen, address = new_client(app), f"Sudama Nagar, house {random.randint(1, 999)}"  # noqa: S311
    page = citizen.get("/water-tanker/?lang=hi")
    assert page.status_code == 200 and "पानी का टैंकर मँगवाएँ" in page.text
    answer = citizen.post(
        "/water-tanker/",
        data={
            "csrf_token": csrf_token(citizen, "/water-tanker/"),
            "ward": ward_id(app, 8),
            "address": address,
            "litres": "५०००",
            "wanted_on": (today(app) + timedelta(days=1)).isoformat(),
            "phone": a_mobile(),
        },
        follow_redirects=True,
    )
    assert answer.status_code == 200
    assert "दर्ज हो गया है" in answer.text and "5,000 लीटर" in answer.text
    with app.app_context():
        asked = db.session.query(TankerRequest).filter_by(address=address).one()
        assert (asked.litres, asked.department.code, asked.requested_by) == (5000, "WATER", None)


def test_what_a_tanker_cannot_do_is_refused_in_the_readers_language(app):
    citizen = new_client(app)
    citizen.get("/water-tanker/?lang=fa")
    fields = {
        "csrf_token": csrf_token(citizen, "/water-tanker/"),
        "ward": ward_id(app, 1),
        "address": "Rajwada",
        "phone": a_mobile(),
    }
    too_much = {**fields, "litres": "50000", "wanted_on": today(app).isoformat()}
    answer = citizen.post("/water-tanker/", data=too_much)
    assert answer.status_code == 400
    assert "هر تانکر از ۱٬۰۰۰ تا ۲۰٬۰۰۰ لیتر آب می‌برد." in answer.text
    yesterday = (today(app) - timedelta(days=2)).isoformat()
    answer = citizen.post(
        "/water-tanker/", data={**fields, "litres": "5000", "wanted_on": yesterday}
    )
    assert answer.status_code == 400 and "روز موردنیاز نمی‌تواند در گذشته باشد." in answer.text


def test_one_number_asking_too_often_is_refused(app):
    app.config["WATER_TANKER_LIMIT_PHONE"] = "1 per day"
    try:
        phone, statuses = a_mobile(), []
        for house in (1, 2):
            citizen = new_client(app)
            form = {
                "csrf_token": csrf_token(citizen, "/water-tanker/"),
                "ward": ward_id(app, 2),
                "address": f"Palasia, house {house}",
                "litres": "5000",
                "wanted_on": today(app).isoformat(),
                "phone": phone,
            }
            statuses.append(citizen.post("/water-tanker/", data=form).status_code)
    finally:
        app.config.pop("WATER_TANKER_LIMIT_PHONE")
    assert statuses == [302, 429]


def test_the_clerks_screen_is_persian_and_right_to_left(app):
    page = login(app, "clerk_water", "fa").get(LIST)
    assert page.status_code == 200
    assert 'dir="rtl"' in page.text
    for persian in ("درخواست‌های تانکر", "تانکرهای آب", "روز موردنیاز", "درخواست جدید", "لیتر"):
        assert persian in page.text, persian
    assert "۱۰٬۰۰۰" in page.text  # 10,000 litres in Persian digits


def test_the_portal_offers_the_tanker_to_anonymous_visitors(app):
    start = new_client(app).get("/?lang=bn")
    assert 'href="/water-tanker/"' in start.text and "পানির ট্যাংকারের জন্য আবেদন করুন" in start.text


def test_a_disabled_module_leaves_no_route_menu_permission_or_tile(app):
    on, off = _started(""), _started("base,org,grievance,portal")  # "": every module
    assert "water_tanker" in on["modules"] and "water_tanker" not in off["modules"]
    assert "/water-tanker/" in on["rules"] and "/tankerrequestview/list/" in on["rules"]
    assert not any("water-tanker" in r or "tankerrequest" in r for r in off["rules"])
    for word in ("TankerRequest", "Tanker requests", "Water tankers"):
        assert word in json.dumps(on["roles"]) and word not in json.dumps(off["roles"])
    assert "janseva_water_tanker" in on["babel"] and "janseva_water_tanker" not in off["babel"]
    assert "water_tanker" in on["tiles"] and "water_tanker" not in off["tiles"]


STARTED = """
import json
from app import create_app, modules
app = create_app()
with app.test_request_context():
    tiles = list(modules.additions("portal.tile"))
print(json.dumps({
    "rules": sorted(rule.rule for rule in app.url_map.iter_rules()),
    "roles": app.config["FAB_ROLES"],
    "modules": app.config["JANSEVA_MODULES"],
    "babel": app.config["BABEL_TRANSLATION_DIRECTORIES"],
    "tiles": tiles,
}))
"""


def _started(enabled: str) -> dict:
    """An app built with ENABLED_MODULES=`enabled` in a process of its own."""
    done = subprocess.run(
        [sys.executable, "-c", STARTED],
        cwd=janseva_root(),
        env={**os.environ, "ENABLED_MODULES": enabled, "DATABASE_URL": "sqlite://"},
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])
