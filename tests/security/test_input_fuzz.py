"""Fuzz of everything the public can send without a login: the providers' webhooks (WhatsApp,
Messenger, Telegram, Twilio SMS, UPI), correctly signed, and the portal's forms (report, track,
rate, feedback). No answer may be a server error, and a call that is refused (4xx) may change
no row of any table. (tests/api/test_schema_fuzz.py does the same for the REST API.)

Each body starts from one the provider documents; then every field, at every depth, is replaced
by each value of WRONG (another JSON type, a huge or deeply nested value, NUL, infinity ...)
or left out; the valid body is also sent with other content types, and bodies that are no JSON
at all. Hypothesis then puts random JSON at random places, from a fixed seed (derandomize), so
every run sends the same inputs. The count of inputs is printed (pytest -s) and asserted."""

import copy
import json
import re
import time
from functools import partial

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import event, func, select, update

from app.extensions import db
from app.models.channels import InboundMessage, InboundStatus
from app.services.grievance import feedback_links, tickets
from app.services.payments import requests as payment_requests
from tests.gateways import configured
from tests.grievance_helpers import category_id, new_ticket, ward_id
from tests.security.webhook_helpers import (
    changed,
    post_messenger,
    post_telegram,
    post_twilio,
    post_upi,
    post_whatsapp,
    providers,
    row_counts,
)

HUGE = "ळ" * 100_000  # 300 KB of text in one field


def _nested(depth: int, inner):
    for _ in range(depth):
        inner = [inner]
    return inner


WRONG = [
    "",
    "\x00",
    "1e999999",
    -1,
    10**40,
    1.5,
    float("inf"),
    True,
    None,
    [],
    {"k": "v"},
    HUGE,
    _nested(40, "deep"),
]
FORM_WRONG = ["", "x", "\x00", "٣", "-1", "0", "99", "1e999999", "99999999999999999999", HUGE]
CONTENT_TYPES = [
    "text/plain",
    "application/x-www-form-urlencoded",
    "multipart/form-data; boundary=x",
    "application/xml",
    "",
]
NOT_JSON = [b"", b"{", b"null", b"\xff\xfe\x00", b"1e999999", b'"x"', b"[]", b"{}", b"[" * 5000]
NOT_JSON += [b'{"update_id": 1e999999}', b'{"entry": [{"id": -1e999999}]}', b'{"x": NaN}']
RANDOM_EXAMPLES = 80  # per webhook, from hypothesis

WHATSAPP = {
    "object": "whatsapp_business_account",
    "entry": [
        {
            "id": "WABA",
            "changes": [
                {
                    "field": "messages",
                    "value": {
                        "messaging_product": "whatsapp",
                        "metadata": {"phone_number_id": "106540352242922"},
                        "contacts": [{"profile": {"name": "Sunita"}, "wa_id": "919812349001"}],
                        "messages": [
                            {
                                "from": "919812349001",
                                "id": "wamid.FUZZ",
                                "type": "text",
                                "text": {"body": "Drain blocked"},
                            },
                            {
                                "from": "919812349001",
                                "id": "wamid.FUZZ2",
                                "type": "location",
                                "location": {"latitude": 22.72, "longitude": 75.86},
                            },
                            {
                                "from": "919812349001",
                                "id": "wamid.FUZZ3",
                                "type": "image",
                                "image": {"id": "MEDIA", "caption": "see"},
                            },
                        ],
                        "statuses": [
                            {
                                "id": "wamid.OURS",
                                "status": "failed",
                                "errors": [{"code": 131047, "title": "Re-engagement"}],
                            }
                        ],
                    },
                }
            ],
        }
    ],
}
MESSENGER = {
    "object": "page",
    "entry": [
        {
            "id": "PAGE",
            "time": 1749416383,
            "messaging": [
                {
                    "sender": {"id": "6000000001"},
                    "recipient": {"id": "PAGE"},
                    "message": {
                        "mid": "m_FUZZ",
                        "text": "Garbage not collected",
                        "attachments": [
                            {"type": "image", "payload": {"url": "http://127.0.0.1:9/x.jpg"}},
                            {
                                "type": "location",
                                "payload": {"coordinates": {"lat": 22.7, "long": 75.8}},
                            },
                        ],
                    },
                }
            ],
        }
    ],
}
TELEGRAM = {
    "update_id": 900000001,
    "message": {
        "message_id": 7,
        "from": {"id": 55590001, "first_name": "Asha", "last_name": "Rao"},
        "chat": {"id": 55590001, "type": "private"},
        "date": 1749416383,
        "text": "Streetlight broken",
        "caption": "photo",
        "location": {"latitude": 22.7, "longitude": 75.8},
        "photo": [{"file_id": "F1", "width": 90}, {"file_id": "F2", "width": 320}],
        "document": {"file_id": "D1", "mime_type": "image/png"},
    },
}
TWILIO = {
    "MessageSid": "SMFUZZ",
    "From": "+919812349002",
    "To": "+15005550006",
    "Body": "Water leaking",
    "NumMedia": "1",
    "MediaUrl0": "http://127.0.0.1:9/m.jpg",
    "MediaContentType0": "image/jpeg",
}


class Tally:
    """What the fuzz saw: inputs tried, server errors, refusals that changed data."""

    def __init__(self, app):
        self.app, self.started = app, time.monotonic()
        self.tried, self.server_errors, self.refused_writes = 0, [], []
        self.last = None  # the rows of every table after the previous call
        self.statuses: dict = {}  # (target, status) -> calls
        self.by_target: dict = {}
        self.writes: list[str] = []  # write statements committed during the current call
        self.accepted_writes = 0  # accepted calls seen writing: the watch itself works

    def watch(self, engine):
        pending = []

        def executed(conn, cursor, statement, *args):
            if statement.lstrip().split(" ", 1)[0].upper() in ("INSERT", "UPDATE", "DELETE"):
                pending.append(statement.split("\n", 1)[0][:120])

        def committed(conn):
            self.writes.extend(pending)
            pending.clear()

        def rolled_back(conn):
            pending.clear()

        hooks = {"after_cursor_execute": executed, "commit": committed, "rollback": rolled_back}
        for name, hook in hooks.items():
            event.listen(engine, name, hook)
        return lambda: [event.remove(engine, name, hook) for name, hook in hooks.items()]

    def rows(self) -> dict:
        with self.app.app_context():  # its own session: a request's never leaks into it
            return row_counts()

    def call(self, target: str, what, send):
        """Send one input; an answer of 500 or more, or a refusal that wrote, is kept. The rows
        are counted after each call: the count before it is the one after the previous call."""
        if self.last is None:
            self.last = self.rows()
        self.writes = []
        try:
            status = send().status_code
        except Exception as error:  # noqa: BLE001 - a raise is what a server answers 500 to
            status = f"raised {error!r}"[:300]
        before, after = self.last, self.rows()
        self.last = after
        self.tried += 1
        self.by_target[target] = self.by_target.get(target, 0) + 1
        key = (target, status if isinstance(status, int) else 500)
        self.statuses[key] = self.statuses.get(key, 0) + 1
        if not isinstance(status, int) or status >= 500:
            self.server_errors.append((target, _short(what), status))
        elif status < 400 and self.writes and changed(before, after):
            self.accepted_writes += 1
        elif status >= 400 and (changed(before, after) or self.writes):
            self.refused_writes.append(
                (target, _short(what), status, changed(before, after), self.writes[:3])
            )
        return status


def _short(what) -> str:
    text = repr(what)
    return text if len(text) < 200 else text[:200] + f"... ({len(text)} chars)"


def _paths(value, prefix=()):
    """Every field and list item of a JSON value, outermost first."""
    if isinstance(value, dict):
        items = value.items()
    elif isinstance(value, list):
        items = enumerate(value)
    else:
        return
    for key, inner in items:
        yield (*prefix, key)
        yield from _paths(inner, (*prefix, key))


def _set(body, path, new, remove=False):
    body = copy.deepcopy(body)
    parent = body
    for key in path[:-1]:
        parent = parent[key]
    if remove:
        del parent[path[-1]]
    else:
        parent[path[-1]] = new
    return body


def _unique(body: dict, n: int) -> dict:
    """The body with ids of its own, so an accepted variant is a new message, not a repeat."""
    text = json.dumps(body)
    text = re.sub(r'"(wamid\.FUZZ\d?|m_FUZZ)"', lambda m: f'"{m.group(1)}-{n}"', text)
    return json.loads(text.replace("900000001", str(900000001 + n)))


def _mutants(seed):
    """(what, body): each field replaced by each WRONG value, each field left out."""
    for path in _paths(seed):
        for value in WRONG:
            yield (path, value), _set(seed, path, value)
        yield (path, "left out"), _set(seed, path, None, remove=True)


@pytest.fixture()
def fuzz(app, inline_jobs):
    """Secrets set, no rate limits (every run sends the same inputs and gets the same answers),
    provider APIs at a closed port, and the tally of what happened."""
    tally = Tally(app)
    with providers(app), configured(app, RATELIMIT_ENABLED=False):
        with app.app_context():
            engine = db.engine
            first = db.session.scalar(select(func.max(InboundMessage.id))) or 0
        stop = tally.watch(engine)
        try:
            yield tally
        finally:
            stop()
            _give_up_photos_left_to_jobs(app, first)


def _give_up_photos_left_to_jobs(app, first: int) -> None:
    """Messages whose photo no provider API could give stay for the relay: given up here, so
    that no later test's relay finds them."""
    with app.app_context():
        db.session.execute(
            update(InboundMessage)
            .where(InboundMessage.id > first, InboundMessage.status == InboundStatus.received)
            .values(status=InboundStatus.failed)
        )
        db.session.commit()


JSON_HOOKS = [
    ("whatsapp", WHATSAPP, post_whatsapp),
    ("messenger", MESSENGER, post_messenger),
    ("telegram", TELEGRAM, post_telegram),
]


def test_webhooks_answer_every_body_without_a_server_error_and_refusals_change_nothing(app, fuzz):
    client = app.test_client()
    n = 0
    for target, seed, post in JSON_HOOKS:
        for what, body in _mutants(seed):
            n += 1
            fuzz.call(target, what, partial(post, client, _unique(body, n)))
        for kind in CONTENT_TYPES:
            n += 1
            fuzz.call(target, kind, partial(post, client, _unique(seed, n), content_type=kind))
        for raw in NOT_JSON:
            fuzz.call(target, raw, partial(post, client, raw))
    _random_bodies(app, client, fuzz)
    _upi(app, client, fuzz)
    _twilio(app, client, fuzz)
    _report(fuzz, "webhooks", 1500)


def _random_bodies(app, client, fuzz):
    json_values = st.recursive(
        st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=40),
        lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner),
        max_leaves=12,
    )
    for target, seed, post in JSON_HOOKS:
        paths = list(_paths(seed))

        _random_run(fuzz, target, partial(post, client), seed, paths, json_values)()


def _random_run(fuzz, target, post, seed, paths, values):
    @settings(
        max_examples=RANDOM_EXAMPLES,
        derandomize=True,
        database=None,
        deadline=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(path=st.sampled_from(paths), value=values)
    def send(path, value):
        body = _unique(_set(seed, path, value), 10_000 + fuzz.tried)
        fuzz.call(target, (path, value), partial(post, body))

    return send


def _upi(app, client, fuzz):
    with app.test_request_context():
        ref = payment_requests.create("trade_licence", "10.00", "Fuzz").ref
    fuzz.last = None  # counted again: the request above is not a call's doing
    seed = {"ref": ref, "utr": "612345678901", "amount": "10.00", "status": "FAILURE"}
    for what, body in _mutants(seed):
        fuzz.call("upi", what, lambda b=body: post_upi(client, b))
    for kind in CONTENT_TYPES:
        fuzz.call("upi", kind, lambda k=kind: post_upi(client, seed, content_type=k))
    for raw in [*NOT_JSON, b"[1, 2]", b'{"amount": 1e999999}']:
        fuzz.call("upi", raw, lambda r=raw: post_upi(client, r))


def _twilio(app, client, fuzz):
    for n, field in enumerate(TWILIO):
        for value in FORM_WRONG:
            form = TWILIO | {field: value, "MessageSid": f"SMFUZZ{n}-{len(value)}"}
            if field == "MessageSid":
                form[field] = value
            fuzz.call("twilio", (field, value), lambda f=form: post_twilio(app, client, f))
        form = {k: v for k, v in TWILIO.items() if k != field}
        fuzz.call("twilio", (field, "left out"), lambda f=form: post_twilio(app, client, f))
    unsigned = lambda: client.post("/webhooks/sms/twilio", data=TWILIO)  # noqa: E731
    fuzz.call("twilio", "unsigned", unsigned)
    fuzz.call("twilio", "json", lambda: client.post("/webhooks/sms/twilio", json=TWILIO))


# --- the public portal ------------------------------------------------------------------------


def _token(client, url: str) -> str:
    found = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', client.get(url).text)
    return found.group(1) if found else ""


def test_portal_forms_answer_every_input_without_a_server_error_and_refusals_change_nothing(
    app, fuzz
):
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = "10.77.0.1"
    with app.test_request_context():
        ticket = new_ticket(phone="+919812349100", description="Pothole by the gate")
        tickets.transition(ticket, "resolved", note="Filled")
        tracking_no, feedback_token = ticket.tracking_no, feedback_links.token_for(ticket)
        drain, ward = category_id("DRAIN"), ward_id(3)
    csrf = _token(client, "/report")
    report = {
        "csrf_token": csrf,
        "category": str(drain),
        "description": "Drain overflowing on the main road",
        "ward": str(ward),
        "latitude": "22.71",
        "longitude": "75.85",
        "address": "12 MG Road",
        "name": "Meena",
        "phone": "+919812349101",
        "code": "",
        "website": "",
    }
    for field in report:
        for value in [*FORM_WRONG, "٩٨١٢٣٤٩١٠١", "1" * 5000, "left out"]:
            # a number of its own: each report makes its citizen, with every field as sent
            form = report | {"phone": f"+9198123{fuzz.tried:05d}"}
            form = {k: v for k, v in form.items() if k != field} | (
                {} if value == "left out" else {field: value}
            )
            fuzz.call("report", (field, value), lambda f=form: client.post("/report", data=f))
    for extra in ({"send_code": "1"}, {"photos": (_photo_like(), "x.jpg")}):
        form = report | extra
        fuzz.call("report", extra, lambda f=form: client.post("/report", data=f))
    fuzz.call("report", "json", lambda: client.post("/report", json=report))
    fuzz.call("report", "text", lambda: client.post("/report", data="x", content_type="text/plain"))

    for value in [*FORM_WRONG, tracking_no, "JS-" + "9" * 40, "%00", "../admin"]:
        fuzz.call("track", value, lambda v=value: client.get("/track", query_string={"no": v}))
        fuzz.call("track", ("path", value), lambda v=value: client.get(f"/track/{v}"))
        rate = {"csrf_token": csrf, "phone": value}
        fuzz.call("rate", value, lambda r=rate: client.post(f"/track/{tracking_no}/rate", data=r))

    for field in ("rating", "comment", "not_fixed"):
        for value in [*FORM_WRONG, "5" * 3000, "y" * 2001]:
            page = f"/feedback/{_resolved(app, fuzz)}"  # each rating on a resolution of its own
            form = {"csrf_token": csrf, "rating": "4", "comment": "Fine", field: value}
            fuzz.call("feedback", (field, value), lambda f=form, p=page: client.post(p, data=f))
    form = {"csrf_token": csrf, "rating": "4"}
    for token in ["", "x", feedback_token[:-2], feedback_token + "x", HUGE[:3000]]:
        fuzz.call("feedback", token, lambda t=token: client.post(f"/feedback/{t}", data=form))
    _report(fuzz, "portal", 200)


def _resolved(app, fuzz) -> str:
    """The feedback token of a ticket resolved just now."""
    with app.test_request_context():
        ticket = new_ticket(phone=f"+9198124{fuzz.tried:05d}", description="Leak")
        tickets.transition(ticket, "resolved", note="Fixed")
        token = feedback_links.token_for(ticket)
    fuzz.last = None  # counted again: the ticket above is not a call's doing
    return token


def _photo_like():
    from io import BytesIO

    return BytesIO(b"\xff\xd8\xff" + b"\0" * 1000)


def _report(fuzz: Tally, area: str, minimum: int) -> None:
    print(
        f"\n{area}: {fuzz.tried} inputs {fuzz.by_target} in "
        f"{time.monotonic() - fuzz.started:.0f} s; "
        f"{len(fuzz.server_errors)} answered 5xx; {len(fuzz.refused_writes)} refusals changed "
        f"data ({fuzz.accepted_writes} accepted calls wrote)"
    )
    print("   answers:", dict(sorted(fuzz.statuses.items())))
    for failure in fuzz.server_errors + fuzz.refused_writes:
        print("  ", failure)
    assert fuzz.server_errors == [], fuzz.server_errors[:20]
    assert fuzz.refused_writes == [], fuzz.refused_writes[:20]
    assert fuzz.tried > minimum and fuzz.accepted_writes > 0
