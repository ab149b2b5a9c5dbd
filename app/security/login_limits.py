"""Login rate limiting that an office behind one shared address can live with.

FAB's own limit counts every login POST per address, so a ward office of thirty clerks behind
one NAT would lock itself out at the morning log-in; it also leaves the API login unlimited.
Here the counter is per address AND account, only failed attempts count, and the web login and
`/api/v1/security/login` share it.
"""

from urllib.parse import urlsplit

from flask import current_app, request
from flask_limiter.util import get_remote_address


def login_key() -> str:
    payload = request.get_json(silent=True) if request.is_json else None
    username = (payload or {}).get("username") or request.form.get("username", "")
    return f"login:{get_remote_address()}:{str(username).strip().lower()[:128]}"


def failed(response) -> bool:
    """Web login: success redirects away from the login page. API: success answers 200."""
    if request.path.startswith("/api/"):
        return response.status_code != 200
    target = urlsplit(response.location or "").path.rstrip("/")
    return response.status_code != 302 or target.endswith("/login")


def protect(security_manager) -> None:
    limit = current_app.config["AUTH_RATE_LIMIT"]
    decorate = security_manager.limiter.limit(
        limit, methods=["POST"], key_func=login_key, deduct_when=failed
    )
    decorate(security_manager.auth_view.blueprint)
    security_api = current_app.blueprints.get("SecurityApi")
    if security_api is not None:
        decorate(security_api)
