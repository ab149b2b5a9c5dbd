"""CSRF, translated error pages, cookies, headers, login rate limiting and password policy."""

import os

import pytest
from flask_appbuilder.exceptions import PasswordComplexityValidationError

from app.security.passwords import validate_password
from tests.conftest import PASSWORD, csrf_token, login, new_client


def test_a_form_post_without_csrf_token_is_refused(app):
    client = login(app, "admin")
    answer = client.post("/wardview/add", data={"number": "50", "name": "No token"})
    assert answer.status_code == 400
    assert "CSRF" in answer.text


def test_login_itself_needs_the_csrf_token(app):
    answer = new_client(app).post("/login/", data={"username": "admin", "password": PASSWORD})
    assert answer.status_code == 400


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("en", "You do not have permission to open this page."),
        ("hi", "अनुमति"),
        ("fa", "اجازه"),
    ],
)
def test_forbidden_page_is_translated(app, language, text):
    answer = login(app, "postman1", language).get("/categoryview/list/")
    assert answer.status_code == 403
    assert text in answer.text


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("en", "The page you asked for does not exist."),
        ("bn", "পৃষ্ঠা"),
    ],
)
def test_not_found_page_is_translated(app, language, text):
    answer = login(app, "admin", language).get("/no/such/page")
    assert answer.status_code == 404
    assert text in answer.text


def test_api_errors_answer_json(app):
    answer = new_client(app).get("/api/v1/no-such-resource/")
    assert answer.status_code == 404
    assert answer.is_json


def test_security_headers_on_every_page(app):
    answer = new_client(app).get("/login/")
    assert answer.headers["X-Content-Type-Options"] == "nosniff"
    assert answer.headers["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'none'" in answer.headers["Content-Security-Policy"]
    assert answer.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"


def test_session_cookie_is_http_only_and_same_site(app):
    client = new_client(app)
    token = csrf_token(client, "/login/")
    answer = client.post(
        "/login/", data={"username": "admin", "password": PASSWORD, "csrf_token": token}
    )
    cookie = answer.headers.get("Set-Cookie", "")
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_production_cookies_are_secure():
    import importlib

    import config

    os.environ.update(JANSEVA_ENV="production", SECRET_KEY="x" * 40)
    try:
        production = importlib.reload(config)
        assert production.SESSION_COOKIE_SECURE is True
        assert production.REMEMBER_COOKIE_SECURE is True
    finally:
        os.environ.pop("JANSEVA_ENV")
        os.environ.pop("SECRET_KEY")
        importlib.reload(config)


def test_production_refuses_to_start_without_a_secret_key():
    import importlib

    import config

    os.environ["JANSEVA_ENV"] = "production"
    try:
        with pytest.raises(RuntimeError, match="SECRET_KEY"):
            importlib.reload(config)
    finally:
        os.environ.pop("JANSEVA_ENV")
        importlib.reload(config)


def _failed_logins(client, username, count):
    token = csrf_token(client, "/login/")
    return [
        client.post(
            "/login/",
            data={"username": username, "password": "wrong-password-1", "csrf_token": token},
        ).status_code
        for _ in range(count)
    ]


def test_repeated_failed_logins_are_rate_limited(app):
    client = new_client(app)
    statuses = _failed_logins(client, "supervisor", 12)
    assert statuses[:10] == [302] * 10 and statuses[10:] == [429, 429]
    token = csrf_token(client, "/login/")
    locked = client.post(
        "/login/", data={"username": "supervisor", "password": PASSWORD, "csrf_token": token}
    )
    assert locked.status_code == 429  # even the right password waits out the window


def test_an_office_behind_one_address_is_not_locked_out(app):
    """Thirty clerks log in from one NAT address; one mistyping doesn't lock the others."""
    address = new_client(app).environ_base["REMOTE_ADDR"]
    mistyper = new_client(app)
    mistyper.environ_base["REMOTE_ADDR"] = address
    assert 429 in _failed_logins(mistyper, "clerk_roads", 11)
    for _ in range(30):
        colleague = new_client(app)
        colleague.environ_base["REMOTE_ADDR"] = address
        token = csrf_token(colleague, "/login/")
        answer = colleague.post(
            "/login/", data={"username": "clerk_water", "password": PASSWORD, "csrf_token": token}
        )
        assert answer.status_code == 302


def test_the_api_login_is_rate_limited_too(app):
    client = new_client(app)
    statuses = [
        client.post(
            "/api/v1/security/login",
            json={"username": "auditor", "password": "wrong-password-1", "provider": "db"},
        ).status_code
        for _ in range(11)
    ]
    assert statuses[:10] == [401] * 10 and statuses[10] == 429


def test_rate_limit_counters_live_in_redis_when_configured(app, redis_url):
    from redis import Redis

    client = new_client(app)
    token = csrf_token(client, "/login/")
    client.post(
        "/login/", data={"username": "admin", "password": "nope-nope-1", "csrf_token": token}
    )
    assert any(b"LIMITER" in key for key in Redis.from_url(redis_url).keys("*"))


@pytest.mark.parametrize(
    "weak", ["short1", "aaaaaaaaaaaa", "onlyletterslong", "12345678901", "password123"]
)
def test_weak_passwords_are_refused(weak, app_ctx):
    with pytest.raises(PasswordComplexityValidationError):
        validate_password(weak)


def test_a_sound_password_passes(app_ctx):
    validate_password("ward-7-drains")


def test_admin_cannot_create_a_user_with_a_weak_password(app):
    client = login(app, "admin")
    token = csrf_token(client, "/users/add")
    answer = client.post(
        "/users/add",
        data={
            "csrf_token": token,
            "first_name": "Weak",
            "last_name": "Pass",
            "username": "weak",
            "email": "weak@janseva.example",
            "active": "y",
            "roles": ["3"],
            "password": "abc",
            "conf_password": "abc",
        },
        follow_redirects=True,
    )
    assert "at least 10 characters" in answer.text
    with app.app_context():
        assert app.appbuilder.sm.find_user(username="weak") is None
