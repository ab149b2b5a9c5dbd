"""The read-only role is read-only (issue 18, item 5c): every write path of the staff
application (REST resources and their actions, admin forms, delete links, list and bulk
actions, the actions on a ticket's, payment's and article's pages, the postman's page), found
in the url_map and FAB's registered views, tried as the auditor: each is refused with a 403 and
no row of any table changes."""

import io

from app.models.org import Category
from app.services.payments import requests as payment_requests
from tests.conftest import api_headers, csrf_token, login
from tests.grievance_helpers import new_ticket
from tests.postal_helpers import book
from tests.security import read_only_helpers as paths

# Written by hand: if the enumeration ever misses these, it is broken, not the app safe.
KNOWN = {
    "/ticketview/work/<pk>",
    "/api/v1/ticket/<int:pk>/transition",
    "/api/v1/ticket/<int:pk>/photos",
    "/api/v1/officer/<pk>",
    "/officerview/action_post",
    "/citizenview/edit/<pk>",
    "/paymentview/cash/<pk>",
    "/api/v1/payment/<int:pk>/reconcile",
    "/articleview/dispatch/<pk>",
    "/postman/<int:pk>/deliver",
    "/users/add",
}


def _fresh_records(app):
    """A ticket, a payment for it and a booked article, each in a state every action on it
    accepts: a refusal is then the role's, not the record's."""
    with app.test_request_context():
        ticket = new_ticket("DRAIN", ward=2, phone="+919877799001")
        payment_requests.create(
            "other", 10, "auditor test", payer_mobile="+919877799001", ticket=ticket
        )
        book(ward=2, mobile="+919877799002")


# What each REST action and resource would be sent to change something, were it allowed.
API_BODIES = {
    "transition": {"to": "in_progress", "note": "written by the auditor"},
    "reconcile": {"utr": "123456789012"},
    "verify-otp": {"otp": "123456"},
    "fail": {"reason": "addressee_absent"},
    "officer": {"available": False},
}
FORM_FIELDS = {
    "to": "in_progress",
    "note": "written by the auditor",
    "utr": "123456789012",
    "otp": "123456",
    "reason": "addressee_absent",
    "name": "Auditor was here",
    "description": "Auditor was here",
    "phone": "+919800000099",
    "amount": "10",
    "purpose": "other",
}


def _api_body(url: str, category: int) -> dict:
    words = [word for word in url.split("/") if word and not word.isdigit()]
    new_ticket_body = {"category": category, "description": "By the auditor", "phone": "+91980"}
    if words[-1] == "ticket":
        return new_ticket_body
    return API_BODIES.get(words[-1], {"name": "Auditor was here", "available": False})


def _refusals(path) -> set[int]:
    """JanSeva's views refuse with a 403. Flask-AppBuilder's own security screens refuse an
    action by flashing "Access is Denied" and redirecting, or send to a form that is itself a
    write path tried here; nothing changes either way (the tables' digests prove it)."""
    fabs = [c for c in type(path.view).__mro__ if c.__module__.startswith("flask_appbuilder.")]
    if not any(c.__module__.startswith("flask_appbuilder.security") for c in fabs):
        return {403}
    return {302, 403}  # Security → Users, Roles…: FAB's screens (ours only subclass them)


def test_the_auditor_changes_nothing_on_any_write_path(app):
    _fresh_records(app)
    found = paths.write_paths(app)
    assert KNOWN <= {path.rule for path in found}, KNOWN - {path.rule for path in found}
    browser = login(app, "auditor")
    token = csrf_token(browser, "/userinfoeditview/form")
    api = app.test_client()
    headers = api_headers(app, "auditor")
    with app.app_context():
        category = paths.last_id(Category)
    with app.app_context():
        before = paths.fingerprint()
    tried, answers = 0, {}
    for path in found:
        with app.app_context():
            urls, pk = paths.urls(path), str(paths.record_id(path))
        for url in urls:
            for action in paths.actions(path):
                if url.startswith("/api/"):
                    if url.endswith("/photos"):
                        photo = {"photo": (io.BytesIO(b"\xff\xd8\xff\xe0 jpeg"), "a.jpg")}
                        answer = api.open(url, method=path.method, headers=headers, data=photo)
                    else:
                        body = _api_body(url, category)
                        answer = api.open(url, method=path.method, headers=headers, json=body)
                else:
                    form = {**FORM_FIELDS, "csrf_token": token, "action": action, "rowid": [pk]}
                    answer = browser.open(url, method=path.method, data=form)
                tried += 1
                if answer.status_code not in _refusals(path):
                    answers[f"{path.method} {url} {action}".strip()] = answer.status_code
    with app.app_context():
        after = paths.fingerprint()
    changed = [table for table in before if before[table] != after[table]]
    allowed = answers
    print(
        f"\nread-only role: {tried} requests on {len(found)} write paths; "
        f"refused {tried - len(allowed)}, tables changed: {changed}"
    )
    assert not allowed, "\n".join(f"{r}: {s}" for r, s in allowed.items())
    assert changed == []
    assert tried >= 130
