"""Complaints by e-mail (an IMAP mailbox on a real IMAP server, and raw MIME posted by a mail
provider) and by X mentions (a local stand-in for the X API v2), end to end."""

import hashlib
import hmac
import imaplib
import io
import os
import subprocess
import sys
import time
import uuid
from email.message import EmailMessage

import pytest
from PIL import Image

from app.extensions import db
from app.models.channels import InboundMessage
from app.models.grievance.ticket import Ticket, TicketEvent
from app.services.channels import inbound
from app.services.channels.providers import mail as mail_intake
from app.services.channels.providers import x as x_mentions
from tests.gateways import ProviderApi, configured, free_port

MAIL_SECRET = "mail-webhook-secret"


class Mailbox:
    """The desk's mailbox on pymap, a real IMAP4rev1 server; mail is delivered by APPEND."""

    def __init__(self):
        self.port = free_port()
        pymap = os.path.join(os.path.dirname(sys.executable), "pymap")
        self.process = subprocess.Popen(
            [pymap, "--port", str(self.port), "--no-tls", "dict"]
            + ["--demo-user", "desk", "--demo-password", "secret"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.time() + 15
        while True:
            try:
                imaplib.IMAP4("127.0.0.1", self.port).logout()
                break
            except OSError:
                if time.time() > deadline:
                    raise
                time.sleep(0.1)
        self.url = f"imap://desk:secret@127.0.0.1:{self.port}/INBOX"

    def deliver(self, mail: EmailMessage) -> None:
        client = imaplib.IMAP4("127.0.0.1", self.port)
        client.login("desk", "secret")
        client.append("INBOX", None, None, mail.as_bytes())
        client.logout()

    def close(self):
        self.process.terminate()
        self.process.wait(10)


@pytest.fixture()
def mailbox(app, gateways, inline_jobs):
    box = Mailbox()
    with configured(app, IMAP_URL=box.url, EMAIL_WEBHOOK_SECRET=MAIL_SECRET):
        yield box, gateways[1]
    box.close()


def _mail(sender: str, subject: str, body: str, photo: bool = False) -> EmailMessage:
    mail = EmailMessage()
    mail["From"], mail["To"], mail["Subject"] = sender, "desk@janseva.example", subject
    mail["Message-ID"] = f"<{uuid.uuid4().hex}@mail.example.in>"
    mail.set_content(body)
    if photo:
        out = io.BytesIO()
        Image.new("RGB", (64, 48), (10, 10, 10)).save(out, "JPEG")
        mail.add_attachment(out.getvalue(), maintype="image", subtype="jpeg", filename="pole.jpg")
    return mail


def _sent_to(inbox, address: str) -> list:
    return [m for m in inbox.messages if m["To"] == address]


def test_a_mail_becomes_a_ticket_and_the_reply_threads_by_the_tracking_number(app, mailbox):
    box, inbox = mailbox
    box.deliver(
        _mail(
            "Anita Rao <anita.rao@example.in>",
            "Streetlight not working",
            "The streetlight outside 14 MG Road is dark for a week.",
            photo=True,
        )
    )
    with app.app_context():
        assert mail_intake.poll(inbound.receive) == 1
        ticket = db.session.query(Ticket).order_by(Ticket.id.desc()).first()
        assert ticket.channel.value == "email" and ticket.category.code == "STREETLIGHT"
        assert ticket.citizen.email == "anita.rao@example.in" and ticket.citizen.name == "Anita Rao"
        assert "14 MG Road" in ticket.description and len(ticket.photos) == 1
        tracking_no, ticket_id = ticket.tracking_no, ticket.id
        assert mail_intake.poll(inbound.receive) == 0  # seen: not taken twice
    registered = _sent_to(inbox, "anita.rao@example.in")[-1]
    words = registered.get_body(preferencelist=("plain",)).get_content()
    assert tracking_no in registered["Subject"] and tracking_no in words

    box.deliver(
        _mail(
            "anita.rao@example.in",
            f"Re: {registered['Subject']}",
            "Still dark tonight.\n\nOn Mon, the desk wrote:\n> Your complaint is registered",
        )
    )
    with app.app_context():
        assert mail_intake.poll(inbound.receive) == 1
        assert db.session.query(Ticket).order_by(Ticket.id.desc()).first().id == ticket_id
        wrote = db.session.query(TicketEvent).filter_by(ticket_id=ticket_id, kind="citizen_wrote")
        assert [event.data["text"] for event in wrote] == ["Still dark tonight."]


def test_someone_else_quoting_a_tracking_number_gets_a_ticket_of_their_own(app, mailbox):
    box, _ = mailbox
    with app.app_context():
        other = db.session.query(Ticket).filter(Ticket.tracking_no.isnot(None)).first()
        box.deliver(_mail("stranger@example.in", f"About {other.tracking_no}", "नाली जाम है"))
        mail_intake.poll(inbound.receive)
        newest = db.session.query(Ticket).order_by(Ticket.id.desc()).first()
        assert newest.id != other.id and newest.citizen.email == "stranger@example.in"
        assert newest.citizen.language == "hi" and newest.category.code == "DRAIN"


def test_raw_mime_from_a_provider_is_signed_and_taken_once(app, mailbox):
    raw = _mail("reza@example.ir", "چاله بزرگ در خیابان", "جلوی مدرسه").as_bytes()
    client = app.test_client()
    headers = {"Content-Type": "message/rfc822"}
    assert client.post("/webhooks/email", data=raw, headers=headers).status_code == 403
    signature = hmac.new(MAIL_SECRET.encode(), raw, hashlib.sha256).hexdigest()
    headers["X-Signature"] = signature
    assert client.post("/webhooks/email", data=raw, headers=headers).json == {"received": 1}
    assert client.post("/webhooks/email", data=raw, headers=headers).json == {"received": 0}
    with app.app_context():
        tickets = db.session.query(Ticket).join(Ticket.citizen).filter_by(email="reza@example.ir")
        assert tickets.count() == 1
        assert tickets.one().category.code == "POTHOLE" and tickets.one().citizen.language == "fa"


# --- X ------------------------------------------------------------------------------------------


@pytest.fixture()
def x_api(app, inline_jobs):
    """X API v2: /users/me, the account's mentions after since_id, and replies at /tweets."""
    posts, replies = [], []

    def mentions(handler, path, query, body):
        since = int(query.get("since_id", 0))
        fresh = [post for post in posts if int(post["id"]) > since]
        fresh.sort(key=lambda post: int(post["id"]), reverse=True)  # newest first, as X does
        users = [{"id": p["author_id"], "username": p["_username"], "name": "A"} for p in fresh]
        data = [{k: v for k, v in p.items() if not k.startswith("_")} for p in fresh]
        meta = {"result_count": len(data)}
        if data:
            meta |= {"newest_id": data[0]["id"], "oldest_id": data[-1]["id"]}
        return 200, {"data": data, "includes": {"users": users}, "meta": meta}, "application/json"

    def reply(handler, path, query, body):
        replies.append(body)
        return (
            201,
            {"data": {"id": str(9000 + len(replies)), "text": body["text"]}},
            "application/json",
        )

    api = ProviderApi(
        {
            ("GET", "/2/users/me"): lambda *a: (200, {"data": {"id": "4242"}}, "application/json"),
            ("GET", "/2/users/4242/mentions"): mentions,
            ("POST", "/2/tweets"): reply,
        }
    )
    api.posts, api.replies = posts, replies
    with configured(app, X_API_BASE=f"{api.base}/2", X_BEARER_TOKEN="x-user-token"):
        yield api
    api.close()


def _post(post_id: int, username: str, text: str, conversation: int | None = None) -> dict:
    return {
        "id": str(post_id),
        "text": text,
        "author_id": str(post_id * 10),
        "conversation_id": str(conversation or post_id),
        "created_at": "2026-11-23T05:00:00.000Z",
        "_username": username,
    }


def test_x_mentions_become_tickets_answered_with_the_tracking_number_only(app, x_api):
    base = 1860000000000000000 + uuid.uuid4().int % 10**12
    x_api.posts += [
        _post(base + 1, "asha_k", "@janseva_desk garbage not collected in ward 7 for 3 days"),
        _post(base + 2, "vikram_p", "@janseva_desk सड़क पर बड़ा गड्ढा है"),
    ]
    with app.app_context():
        assert x_mentions.poll(inbound.receive) == 2
        first = db.session.query(InboundMessage).filter_by(channel="x", provider_id=str(base + 1))
        ticket = db.session.get(Ticket, first.one().ticket_id)
        assert ticket.channel.value == "x" and ticket.citizen.x_handle == "asha_k"
        assert ticket.category.code == "GARBAGE" and "@janseva_desk" not in ticket.description
        assert {"text": f"@asha_k {ticket.tracking_no}"} | {
            "reply": {"in_reply_to_tweet_id": str(base + 1)}
        } in x_api.replies
        assert all(len(r["text"].split()) == 2 for r in x_api.replies)  # nothing else said

        x_api.posts.append(_post(base + 3, "asha_k", "@janseva_desk still not done", base + 1))
        assert (
            x_mentions.poll(inbound.receive) == 1
        )  # since_id: the first two are not asked for again
        asked = [r["query"] for r in x_api.requests if r["path"].endswith("/mentions")]
        assert "since_id" not in asked[0] and asked[-1]["since_id"] == str(base + 2)
        wrote = db.session.query(TicketEvent).filter_by(ticket_id=ticket.id, kind="citizen_wrote")
        assert [event.data["text"] for event in wrote] == ["still not done"]
        assert len(x_api.replies) == 2
