"""Logout, a new password (own or by an admin), deactivation and a change of roles end every
session and token of that login: a copied cookie, a JWT access token and a refresh token."""

import itertools
import os
import re
import sqlite3
import subprocess
import sys

import pytest
from flask_appbuilder.security.sqla.models import Group, User

from app.extensions import db
from app.models.base import StaffUser
from app.models.org import Department
from tests.conftest import PASSWORD, csrf_token, login, new_client

NEW_PASSWORD = "ward-7-drains-2026"
_numbers = itertools.count(1)


@pytest.fixture()
def clerk(app):
    """A Water clerk of its own, so that ending its sessions disturbs no other test."""
    username = f"session_clerk_{next(_numbers)}"
    with app.app_context():
        sm = app.appbuilder.sm
        user = sm.add_user(
            username,
            "Session",
            "Clerk",
            f"{username}@janseva.example",
            sm.find_role("Clerk"),
            password=PASSWORD,
        )
        user.department = db.session.query(Department).filter_by(code="WATER").one()
        db.session.commit()
        user_id = user.id
    yield username
    with app.app_context():
        db.session.delete(db.session.get(StaffUser, user_id))
        db.session.commit()


def user_id(app, username):
    with app.app_context():
        return db.session.query(StaffUser.id).filter_by(username=username).scalar()


def copy_of(app, browser):
    """Another browser holding a copy of `browser`'s session cookie."""
    thief = new_client(app)
    thief.set_cookie("session", browser.get_cookie("session").value)
    return thief


def tokens(app, username, password=PASSWORD):
    answer = new_client(app).post(
        "/api/v1/security/login",
        json={"username": username, "password": password, "provider": "db", "refresh": True},
    )
    assert answer.status_code == 200, answer.text
    return answer.json["access_token"], answer.json["refresh_token"]


def logged_in(browser) -> bool:
    return browser.get("/ticketview/list/").status_code == 200


def api_works(app, access) -> bool:
    answer = new_client(app).get("/api/v1/ticket/", headers={"Authorization": f"Bearer {access}"})
    assert answer.status_code in (200, 401), answer.text
    return answer.status_code == 200


def refresh_works(app, refresh) -> bool:
    answer = new_client(app).post(
        "/api/v1/security/refresh", headers={"Authorization": f"Bearer {refresh}"}
    )
    assert answer.status_code in (200, 401), answer.text
    return answer.status_code == 200


def everything_of(app, username):
    """A browser, a copy of its cookie, an API access token and a refresh token, all working."""
    browser = login(app, username)
    access, refresh = tokens(app, username)
    copy = copy_of(app, browser)
    assert logged_in(browser) and logged_in(copy)
    assert api_works(app, access) and refresh_works(app, refresh)
    return browser, copy, access, refresh


def assert_all_ended(app, copy, access, refresh):
    assert not logged_in(copy)
    assert copy.get("/api/v1/ticket/").status_code == 401
    assert not api_works(app, access)
    assert not refresh_works(app, refresh)


def test_a_cookie_copied_before_logout_is_refused_after_it(app, clerk):
    browser, copy, access, refresh = everything_of(app, clerk)
    assert browser.get("/logout/").status_code == 302
    assert_all_ended(app, copy, access, refresh)
    assert logged_in(login(app, clerk))  # logging in again works as before


def test_a_client_holding_only_tokens_logs_out_through_the_api(app, clerk):
    _browser, copy, access, refresh = everything_of(app, clerk)
    assert new_client(app).post("/api/v1/security/logout").status_code == 401  # no token
    answer = new_client(app).post(
        "/api/v1/security/logout", headers={"Authorization": f"Bearer {access}"}
    )
    assert answer.status_code == 200 and "Logged out" in answer.json["message"]
    assert_all_ended(app, copy, access, refresh)
    assert api_works(app, tokens(app, clerk)[0])  # logging in again works as before


def test_a_new_password_of_ones_own_ends_every_other_session(app, clerk):
    browser, copy, access, refresh = everything_of(app, clerk)
    token = csrf_token(browser, "/resetmypassword/form")
    answer = browser.post(
        "/resetmypassword/form",
        data={"password": NEW_PASSWORD, "conf_password": NEW_PASSWORD, "csrf_token": token},
    )
    assert answer.status_code == 302
    assert_all_ended(app, copy, access, refresh)
    assert logged_in(browser)  # the browser that changed it stays logged in
    assert api_works(app, tokens(app, clerk, NEW_PASSWORD)[0])


def test_a_password_reset_by_the_admin_ends_the_users_sessions(app, clerk):
    _browser, copy, access, refresh = everything_of(app, clerk)
    admin = login(app, "admin")
    url = f"/resetpassword/form?pk={user_id(app, clerk)}"
    token = csrf_token(admin, url)
    answer = admin.post(
        url, data={"password": NEW_PASSWORD, "conf_password": NEW_PASSWORD, "csrf_token": token}
    )
    assert answer.status_code == 302
    assert_all_ended(app, copy, access, refresh)
    assert logged_in(admin)


def _edit_user(app, admin, username, **changes):
    pk = user_id(app, username)
    page = admin.get(f"/users/edit/{pk}").text
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
    with app.app_context():
        user = db.session.get(StaffUser, pk)
        form = {
            "csrf_token": token,
            "first_name": user.first_name,
            "last_name": user.last_name,
            "username": user.username,
            "email": user.email,
            "roles": [str(role.id) for role in user.roles],
            "department": str(user.department_id),
            "locale": "",
        }
        if user.active:
            form["active"] = "y"
    form.update(changes)
    form = {key: value for key, value in form.items() if value is not None}
    answer = admin.post(f"/users/edit/{pk}", data=form)
    assert answer.status_code == 302, answer.text


def test_deactivation_ends_every_session_and_reactivation_does_not_revive_them(app, clerk):
    _browser, copy, access, refresh = everything_of(app, clerk)
    admin = login(app, "admin")
    _edit_user(app, admin, clerk, active=None)
    assert_all_ended(app, copy, access, refresh)
    _edit_user(app, admin, clerk, active="y")
    assert_all_ended(app, copy, access, refresh)
    assert logged_in(login(app, clerk))


def test_a_change_of_roles_ends_every_session(app, clerk):
    _browser, copy, access, refresh = everything_of(app, clerk)
    admin = login(app, "admin")
    with app.app_context():
        auditor = app.appbuilder.sm.find_role("Auditor").id
    _edit_user(app, admin, clerk, roles=[str(auditor)])
    assert_all_ended(app, copy, access, refresh)


def test_an_unchanged_save_of_the_user_keeps_the_sessions(app, clerk):
    _browser, copy, access, refresh = everything_of(app, clerk)
    _edit_user(app, login(app, "admin"), clerk, first_name="Renamed")
    assert logged_in(copy) and api_works(app, access) and refresh_works(app, refresh)


def test_an_ended_token_is_told_so_in_the_users_language(app, clerk):
    _browser, _copy, access, _refresh = everything_of(app, clerk)
    login(app, clerk).get("/logout/")
    answer = new_client(app).get(
        "/api/v1/ticket/?_l_=hi", headers={"Authorization": f"Bearer {access}"}
    )
    assert answer.status_code == 401
    assert answer.json["message"] != "Your session has ended: log in again."


@pytest.mark.parametrize("pk", ["abc", "99999999", "99999999999", "-1", "1e3", "²", ""])
def test_a_password_reset_of_no_such_login_is_a_404(app, pk):
    admin = login(app, "admin")
    token = csrf_token(admin, "/resetpassword/form?pk=1")
    answer = admin.post(
        f"/resetpassword/form?pk={pk}",
        data={"password": NEW_PASSWORD, "conf_password": NEW_PASSWORD, "csrf_token": token},
    )
    assert answer.status_code == 404


def test_the_session_generation_migration_goes_down_and_up_again(tmp_path):
    """On a fresh SQLite file (PostgreSQL runs it for every test session): existing logins
    start at generation 0, and downgrading removes the column."""
    database = tmp_path / "migrations.db"
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{database}", "REDIS_URL": ""}

    def flask(*args):
        subprocess.run(
            [sys.executable, "-m", "flask", "--app", "run", "db", *args],
            env=env,
            check=True,
            capture_output=True,
        )

    def columns():
        with sqlite3.connect(database) as connection:
            return {row[1]: row for row in connection.execute("PRAGMA table_info(ab_user)")}

    flask("upgrade")
    assert columns()["session_generation"][3:5] == (1, "'0'")  # NOT NULL DEFAULT 0
    flask("downgrade", "0018_chat_indexes")
    assert "session_generation" not in columns()
    flask("upgrade")
    assert "session_generation" in columns()


def test_joining_leaving_or_regrouping_a_group_ends_the_sessions(app, clerk):
    """Groups give roles too (Flask-AppBuilder 5): each change of them is a change of roles."""
    name = f"night-shift-{clerk}"

    def change(step):
        with app.app_context():
            user = db.session.get(User, user_id(app, clerk))  # FAB's own class, as its form
            group = db.session.query(Group).filter_by(name=name).one_or_none()
            if step == "create":
                db.session.add(Group(name=name, users=[user]))
            elif step == "give a role":
                group.roles.append(app.appbuilder.sm.find_role("Auditor"))
            elif step == "leave":
                group.users.remove(user)
            elif step == "join":
                group.users.append(user)
            else:
                db.session.delete(group)
            db.session.commit()

    for step in ("create", "give a role", "leave", "join", "delete"):
        _browser, copy, access, refresh = everything_of(app, clerk)
        change(step)
        assert_all_ended(app, copy, access, refresh)
