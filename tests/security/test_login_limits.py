"""Failed logins count once whichever door they come through (web form or API), per account
and, against password spraying, per address across accounts."""

from tests.conftest import PASSWORD, csrf_token, new_client

WRONG = "wrong-password-1"


def web_attempt(client, username, password=WRONG):
    token = csrf_token(client, "/login/")
    data = {"username": username, "password": password, "csrf_token": token}
    return client.post("/login/", data=data).status_code


def api_attempt(client, username, password=WRONG):
    body = {"username": username, "password": password, "provider": "db"}
    return client.post("/api/v1/security/login", json=body).status_code


def test_web_and_api_logins_share_one_counter(app):
    """README: 10 failed logins per 5 minutes. Alternating the doors used to let 20 through."""
    client = new_client(app)
    doors = (web_attempt, api_attempt)
    statuses = [doors[i % 2](client, "counter") for i in range(24)]
    assert sum(status != 429 for status in statuses) == 10
    assert statuses[10:] == [429] * 14
    assert web_attempt(client, "counter", PASSWORD) == 429  # the right password waits too
    assert api_attempt(client, "counter", PASSWORD) == 429


def test_one_address_spraying_many_accounts_is_stopped(app):
    """One wrong password tried on many accounts: no account reaches its own limit."""
    client = new_client(app)
    doors = (web_attempt, api_attempt)
    statuses = [doors[i % 2](client, f"citizen{i}") for i in range(40)]
    assert sum(status != 429 for status in statuses) == 30  # AUTH_RATE_LIMIT_ADDRESS
    assert statuses[30:] == [429] * 10
    assert api_attempt(client, "postman2", PASSWORD) == 429
    # another address is not held back by this one
    assert api_attempt(new_client(app), "postman2", PASSWORD) == 200


def test_successful_logins_and_token_refreshes_count_nowhere(app):
    client = new_client(app)
    for _ in range(35):
        assert api_attempt(client, "postman1", PASSWORD) == 200
    for _ in range(35):
        refused = client.post("/api/v1/security/refresh", headers={"Authorization": "Bearer x"})
        assert refused.status_code in (401, 422)
    assert [api_attempt(client, "postman1") for _ in range(10)] == [401] * 10
    assert api_attempt(client, "postman1") == 429


def test_a_login_body_that_is_not_an_object_is_refused_not_a_500(app):
    client = new_client(app)
    for body in ([], ["admin"], "admin", 7, None):
        answer = client.post("/api/v1/security/login", json=body)
        assert answer.status_code in (400, 401, 422), (body, answer.status_code)
