"""Row scope, for every demo role, on every read path: admin list, show, CSV export, REST list
and REST get. The expectations come from one table (scope_cases.py)."""

import csv
import io
import re

import pytest

from app.extensions import db
from app.models.base import StaffUser
from app.models.org import Category, Department, Officer, Ward
from tests.conftest import api_headers, login
from tests.security.scope_cases import (
    CASES,
    DEMO_WARDS,
    EVERY_WARD,
    KEYS,
    NO_ACCESS,
    VIEWS,
    VISIBLE,
)

MODELS = {"department": Department, "ward": Ward, "officer": Officer, "category": Category}


def row_key(model: str, row):
    if model == "ward":
        return row.number
    if model == "officer":
        return db.session.get(StaffUser, row.user_id).username
    return row.code


def all_rows(app, model: str) -> dict:
    with app.app_context():
        return {row_key(model, row): row.id for row in db.session.query(MODELS[model])}


def visible(app, user: str, model: str):
    """The rows `user` should see of `model` (EVERY_WARD: each ward in the table now)."""
    expected = VISIBLE[user][model]
    if expected is EVERY_WARD:
        expected = set(all_rows(app, model))
        assert DEMO_WARDS <= expected
    return expected


def table_cells(html: str) -> set[str]:
    return {
        re.sub(r"<[^>]+>", "", cell).strip()
        for cell in re.findall(r"<td[^>]*>(.*?)</td>", html, re.S)
    }


def username_cells(app, keys) -> set[str]:
    """Officers are listed by their name: map expected logins to names."""
    with app.app_context():
        users = db.session.query(StaffUser).filter(StaffUser.username.in_(keys)).all()
        return {f"{u.first_name} {u.last_name}" for u in users}


@pytest.mark.parametrize(("user", "model"), CASES)
def test_rest_list_shows_exactly_the_users_rows(app, user, model):
    headers = api_headers(app, user)
    answer = app.test_client().get(f"/api/v1/{model}/?q=(page_size:100)", headers=headers)
    expected = visible(app, user, model)
    if expected is NO_ACCESS:
        assert answer.status_code == 403
        return
    assert answer.status_code == 200
    key = KEYS[model]
    if "." in key:
        outer, inner = key.split(".")
        seen = {row[outer][inner] for row in answer.json["result"]}
    else:
        seen = {row[key] for row in answer.json["result"]}
    assert seen == expected
    assert answer.json["count"] == len(expected)


@pytest.mark.parametrize(("user", "model"), CASES)
def test_rest_get_of_a_row_outside_scope_is_not_found(app, user, model):
    headers = api_headers(app, user)
    rows = all_rows(app, model)
    expected = visible(app, user, model)
    client = app.test_client()
    for key, pk in rows.items():
        status = client.get(f"/api/v1/{model}/{pk}", headers=headers).status_code
        if expected is NO_ACCESS:
            assert status == 403
        else:
            assert status == (200 if key in expected else 404), (key, status)


@pytest.mark.parametrize(("user", "model"), CASES)
def test_admin_list_and_show_follow_scope(app, user, model):
    client = login(app, user)
    expected = visible(app, user, model)
    page = client.get(f"/{VIEWS[model]}/list/?psize_{VIEWS[model]}=100")
    if expected is NO_ACCESS:
        assert page.status_code == 403
        assert client.get(f"/{VIEWS[model]}/show/1").status_code == 403
        return
    assert page.status_code == 200
    cells = table_cells(page.text)
    rows = all_rows(app, model)
    if model == "officer":
        names = username_cells(app, rows)
        assert cells & names == username_cells(app, expected)
    else:
        assert {str(k) for k in rows} & cells == {str(k) for k in expected}
    for key, pk in rows.items():
        status = client.get(f"/{VIEWS[model]}/show/{pk}").status_code
        assert status == (200 if key in expected else 404), (key, status)


@pytest.mark.parametrize(("user", "model"), CASES)
def test_csv_export_holds_only_rows_in_scope(app, user, model):
    client = login(app, user)
    expected = visible(app, user, model)
    answer = client.get(f"/{VIEWS[model]}/export.csv")
    if expected is NO_ACCESS:
        assert answer.status_code == 403
        return
    assert answer.status_code == 200
    assert answer.mimetype == "text/csv"
    rows = list(csv.reader(io.StringIO(answer.get_data(as_text=True))))
    assert len(rows) - 1 == len(expected)
    first_column = {row[0] for row in rows[1:]}
    if model in ("department", "category", "ward"):
        assert first_column == {str(k) for k in expected}
