"""API keys: the admin issues one (shown once) and revokes it in the admin UI, the operator uses
`flask open311 issue-key`; no other role may; only the key's SHA-256 is stored."""

import os
import re
import subprocess
import sys

import pytest

from app.extensions import db
from app.models.open311 import Open311Key, ServiceAttribute
from app.models.org import Category
from app.services.open311 import keys as open311_keys
from tests.conftest import csrf_token, login
from tests.open311.helpers import BASE, post

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
FLASHED_KEY = re.compile(r"The API key for ([^<]+?) is ([A-Za-z0-9_-]{43})\. Copy it now")
NOT_ADMIN = ["supervisor", "clerk_water", "officer_water", "counter", "postman1", "auditor"]


def issue_in_ui(app, client, name: str) -> str:
    token = csrf_token(client, "/open311keyview/add")
    page = client.post(
        "/open311keyview/add", data={"csrf_token": token, "name": name}, follow_redirects=True
    )
    assert page.status_code == 200
    match = FLASHED_KEY.search(page.text)
    assert match and match.group(1) == name, page.text
    return match.group(2)


def key_row(app, key: str) -> Open311Key:
    with app.app_context():
        row = db.session.query(Open311Key).filter_by(key_hash=open311_keys.digest(key)).one()
        db.session.expunge(row)
        return row


def accepted(app, key: str) -> bool:
    status = post(app.test_client(), key).status_code
    assert status in (200, 403)
    return status == 200


def test_the_admin_issues_a_key_shown_once(app):
    admin = login(app, "admin")
    key = issue_in_ui(app, admin, "FixMyStreet test")
    assert accepted(app, key)
    row = key_row(app, key)
    assert row.name == "FixMyStreet test" and row.revoked_at is None
    with app.app_context():
        assert db.session.get(Open311Key, row.id).issued_by.username == "admin"
    assert "API keys" in admin.get("/").text  # the menu entry
    listed = admin.get("/open311keyview/list/").text
    assert "FixMyStreet test" in listed
    assert key not in listed and row.key_hash not in listed  # the flash is gone: shown once
    shown = admin.get(f"/open311keyview/show/{row.id}").text
    assert key not in shown and row.key_hash not in shown


def test_only_a_hash_of_the_key_is_stored(app):
    with app.app_context():
        row, key = open311_keys.issue("Hash check")
        stored = [getattr(row, c.key) for c in Open311Key.__table__.columns]
    assert key not in [str(value) for value in stored]
    assert row.key_hash == open311_keys.digest(key) and len(row.key_hash) == 64


def test_the_admin_revokes_keys_from_the_list(app):
    admin = login(app, "admin")
    first, second = issue_in_ui(app, admin, "Client one"), issue_in_ui(app, admin, "Client two")
    ids = [key_row(app, key).id for key in (first, second)]
    token = csrf_token(admin, "/open311keyview/list/")
    page = admin.post(
        "/open311keyview/action_post",
        data={"csrf_token": token, "action": "revoke", "rowid": [str(pk) for pk in ids]},
        follow_redirects=True,
    )
    assert "2 key(s) revoked." in page.text
    assert not accepted(app, first) and not accepted(app, second)
    assert key_row(app, first).revoked_by_id is not None


def test_the_admin_revokes_one_key_from_its_page(app):
    admin = login(app, "admin")
    key = issue_in_ui(app, admin, "Single client")
    pk = key_row(app, key).id
    token = csrf_token(admin, f"/open311keyview/show/{pk}")
    page = admin.post(
        f"/open311keyview/action/revoke/{pk}", data={"csrf_token": token}, follow_redirects=True
    )
    assert "1 key(s) revoked." in page.text
    assert not accepted(app, key)


def test_keys_are_never_edited_or_deleted(app):
    admin = login(app, "admin")
    key = issue_in_ui(app, admin, "Kept client")
    pk = key_row(app, key).id
    assert admin.get(f"/open311keyview/edit/{pk}").status_code == 403
    token = csrf_token(admin, "/open311keyview/list/")
    assert admin.post(f"/open311keyview/delete/{pk}", data={"csrf_token": token}).status_code == 403
    assert accepted(app, key)
    assert f"/open311keyview/edit/{pk}" not in admin.get("/open311keyview/list/").text


@pytest.mark.parametrize("user", NOT_ADMIN)
def test_no_other_role_issues_or_revokes(app, user):
    with app.app_context():
        row, key = open311_keys.issue(f"Guarded from {user}")
        pk = row.id
        before = db.session.query(Open311Key).count()
    client = login(app, user)
    token = csrf_token(client, "/userinfoeditview/form")
    assert client.get("/open311keyview/add").status_code == 403
    issued = client.post("/open311keyview/add", data={"csrf_token": token, "name": "Sneaky"})
    assert issued.status_code == 403
    revoke = client.post(
        "/open311keyview/action_post",
        data={"csrf_token": token, "action": "revoke", "rowid": [str(pk)]},
    )
    assert revoke.status_code == 403
    single = client.post(f"/open311keyview/action/revoke/{pk}", data={"csrf_token": token})
    assert single.status_code == 403
    assert accepted(app, key)
    with app.app_context():
        assert db.session.query(Open311Key).count() == before
    listing = client.get("/open311keyview/list/")
    if user == "auditor":  # reads everything, changes nothing
        assert listing.status_code == 200 and f"Guarded from {user}" in listing.text
        assert key not in listing.text
    else:
        assert listing.status_code == 403
        assert "API keys" not in client.get("/").text  # no menu entry


def test_flask_open311_issue_key_prints_the_key_last(app):
    runner = app.test_cli_runner()
    done = runner.invoke(args=["open311", "issue-key", "CLI client"])
    assert done.exit_code == 0, done.output
    key = done.output.strip().splitlines()[-1]
    assert accepted(app, key)
    row = key_row(app, key)
    assert row.name == "CLI client" and row.issued_by_id is None
    done = runner.invoke(args=["open311", "revoke-key", str(row.id)])
    assert done.exit_code == 0 and "revoked: 1" in done.output
    assert not accepted(app, key)
    assert runner.invoke(args=["open311", "issue-key", " "]).exit_code != 0
    assert runner.invoke(args=["open311", "revoke-key", "987654"]).exit_code != 0


def test_the_command_line_as_an_operator_types_it(app):
    flask = os.path.join(os.path.dirname(sys.executable), "flask")
    done = subprocess.run(
        [flask, "--app", "run", "open311", "issue-key", "Operator client"],
        cwd=ROOT,
        env={**os.environ, "DATABASE_URL": os.environ["DATABASE_URL"]},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    key = done.stdout.strip().splitlines()[-1]
    assert accepted(app, key) and key_row(app, key).name == "Operator client"


def test_the_admin_writes_a_service_question(app):
    admin = login(app, "admin")
    with app.app_context():
        garbage = db.session.query(Category).filter_by(code="GARBAGE").one().id
    token = csrf_token(admin, "/serviceattributeview/add")
    form = {
        "csrf_token": token,
        "category": garbage,
        "position": "1",
        "code": "BINS",
        "description": "How many bins overflow?",
        "datatype": "singlevaluelist",
        "required": "y",
        "variable": "y",
        "choices": "ONE = One\nMANY = Several",
    }
    refused = admin.post(
        "/serviceattributeview/add",
        data={**form, "choices": "no equals sign"},
        follow_redirects=True,
    )
    assert "Line 1 is not valid" in refused.text
    admin.post("/serviceattributeview/add", data=form, follow_redirects=True)
    try:
        definition = app.test_client().get(f"{BASE}/services/GARBAGE.json").get_json()
        assert definition["attributes"][0]["values"] == [
            {"key": "ONE", "name": "One"},
            {"key": "MANY", "name": "Several"},
        ]
        services = app.test_client().get(f"{BASE}/services.json").get_json()
        assert next(s for s in services if s["service_code"] == "GARBAGE")["metadata"] is True
    finally:
        with app.app_context():
            db.session.query(ServiceAttribute).filter_by(category_id=garbage).delete()
            db.session.commit()


@pytest.mark.parametrize("user", ["clerk_water", "supervisor"])
def test_other_roles_do_not_write_service_questions(app, user):
    client = login(app, user)
    assert client.get("/serviceattributeview/add").status_code == 403
    assert client.get("/serviceattributeview/list/").status_code == 403
