"""Writes to the REST API made with the browser's session cookie carry the CSRF token.

Flask-AppBuilder exempts its APIs from CSRFProtect, since a bearer token is never sent by a
browser on its own; but our resources also accept the session cookie (`allow_browser_login`),
which is. So a write without `Authorization: Bearer …` from a logged-in browser shows the
session's token, in the `X-CSRFToken` header or the `csrf_token` form field, as a form does.
A page on another site cannot set that header, so bearer calls stay as they are.
"""

from flask import jsonify, request
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf.csrf import CSRFError

from app.extensions import csrf

SAFE_METHODS = {"GET", "HEAD", "OPTIONS", "TRACE"}


def init_app(app) -> None:
    app.before_request(require_token_with_cookie)


def require_token_with_cookie():
    if request.method in SAFE_METHODS or not request.path.startswith("/api/"):
        return None
    if request.headers.get("Authorization", "").lower().startswith("bearer "):
        return None
    if not current_user.is_authenticated:
        return None  # nothing authenticates the call: FAB answers 401 (or it is the login)
    try:
        csrf.protect()
    except CSRFError:
        message = _(
            "This change needs your page's security token (the X-CSRFToken header): "
            "reload the page and try again."
        )
        return jsonify({"message": message}), 400
    return None
