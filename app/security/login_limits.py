"""Login rate limiting that an office behind one shared address can live with.

FAB's own limit counts every login POST per address, so a ward office of thirty clerks behind
one NAT would lock itself out at the morning log-in; it also leaves the API login unlimited.
Here only failed attempts count, in two counters shared by the web login and
`/api/v1/security/login` (one scope each, so alternating the two doors gains nothing):
- per address and account (`AUTH_RATE_LIMIT`): guessing one login's password;
- per address across accounts (`AUTH_RATE_LIMIT_ADDRESS`): spraying one password over many.
"""

from urllib.parse import urlsplit

from flask import current_app, request
from flask_limiter.util import get_remote_address

# The endpoints that check a password; the rest of both blueprints (logout, token refresh) is
# not a guess and counts nowhere.
LOGIN_ENDPOINTS = {"AuthDBView.login", "SecurityApi.login"}


def login_key() -> str:
    payload = request.get_json(silent=True) if request.is_json else None
    username = (payload or {}).get("username") if isinstance(payload, dict) else None
    username = username or request.form.get("username", "")
    return f"login:{get_remote_address()}:{str(username).strip().lower()[:128]}"


def address_key() -> str:
    return f"login-address:{get_remote_address()}"


def not_a_login() -> bool:
    return request.endpoint not in LOGIN_ENDPOINTS


def failed(response) -> bool:
    """Web login: success redirects away from the login page. API: success answers 200."""
    if request.path.startswith("/api/"):
        return response.status_code != 200
    target = urlsplit(response.location or "").path.rstrip("/")
    return response.status_code != 302 or target.endswith("/login")


def protect(security_manager) -> None:
    limiter, config = security_manager.limiter, current_app.config
    counters = [
        limiter.shared_limit(
            config[setting],
            scope=scope,
            key_func=key,
            methods=["POST"],
            exempt_when=not_a_login,
            deduct_when=failed,
        )
        for setting, scope, key in (
            ("AUTH_RATE_LIMIT", "login-account", login_key),
            ("AUTH_RATE_LIMIT_ADDRESS", "login-address", address_key),
        )
    ]
    for blueprint in (
        security_manager.auth_view.blueprint,
        current_app.blueprints.get("SecurityApi"),
    ):
        if blueprint is not None:
            for counter in counters:
                counter(blueprint)
