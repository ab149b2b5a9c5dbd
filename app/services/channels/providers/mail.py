"""Complaints by e-mail: a mailbox polled over IMAP (or a provider posting raw MIME to
/webhooks/email) gives each mail once, by its Message-ID. A mail whose subject carries one of
the sender's tracking numbers goes on that ticket (replies thread by it: our own mails carry
it in the subject); any other mail becomes a ticket, whose first message goes back by e-mail."""

import base64
import hashlib
import hmac
import imaplib
import logging
import re
from collections.abc import Callable
from email import message_from_bytes, policy
from email.utils import parseaddr
from html.parser import HTMLParser
from urllib.parse import unquote, urlsplit

from flask import current_app

from app.core import languages
from app.core.errors import JanSevaError
from app.models.grievance.ticket import Ticket
from app.services.channels import posts
from app.services.grievance import photos, tickets, timeline
from app.services.grievance.errors import BadTrackingNumber
from app.services.grievance.tracking import prefix

log = logging.getLogger(__name__)
MAX_TEXT = 4000
POLL_BATCH = 50


def verify_signature(raw_body: bytes, header: str | None) -> bool:
    """`X-Signature`: hex HMAC-SHA256 of the raw mail with EMAIL_WEBHOOK_SECRET."""
    secret = current_app.config.get("EMAIL_WEBHOOK_SECRET")
    if not secret or not header:
        return False
    expected = hmac.new(secret.encode(), raw_body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, header.strip().lower())


def contact(sender: str) -> dict:
    return {"email": sender}


def messages(raw: bytes) -> list[dict]:
    """The mail as one inbound message, keyed by its Message-ID (a digest when it has none)."""
    mail = message_from_bytes(raw, policy=policy.default)
    name, address = parseaddr(str(mail.get("From", "")))
    if "@" not in address:
        return []
    key = str(mail.get("Message-ID") or "").strip() or hashlib.sha256(raw).hexdigest()
    return [
        {
            "provider_id": key[:128],
            "sender": address.lower()[:64],
            "name": name or None,
            "message": {"mime": base64.b64encode(raw).decode()},
        }
    ]


def poll(receive: Callable[[str, list[dict]], list[int]]) -> int:
    """Fetch the mailbox's unseen mail, store each once (`receive`: inbound.receive, handed in
    by the job), then mark it seen. A crash between the two stores nothing twice: the
    Message-ID is already known."""
    url = current_app.config.get("IMAP_URL")
    if not url:
        return 0
    address = urlsplit(url)
    client_class = imaplib.IMAP4_SSL if address.scheme == "imaps" else imaplib.IMAP4
    client = client_class(
        address.hostname, address.port or (993 if address.scheme == "imaps" else 143)
    )
    try:
        client.login(unquote(address.username or ""), unquote(address.password or ""))
        client.select(address.path.strip("/") or "INBOX")
        _, found = client.uid("SEARCH", None, "UNSEEN")
        uids = found[0].split()[:POLL_BATCH]
        for uid in uids:
            _, parts = client.uid("FETCH", uid, "(BODY.PEEK[])")
            raw = next(part[1] for part in parts if isinstance(part, tuple))
            receive("email", messages(raw))
            client.uid("STORE", uid, "+FLAGS", "(\\Seen)")
        return len(uids)
    finally:
        client.logout()


def handle(inbound) -> tuple[str, list]:
    """Put the mail on the ticket its subject names, or make it a ticket."""
    mail = message_from_bytes(base64.b64decode(inbound.payload["mime"]), policy=policy.default)
    subject = str(mail.get("Subject") or "").strip()
    body = _text(mail)
    pictures = _pictures(mail)
    ticket = _thread(subject, inbound.sender)
    if ticket is None:
        description = "\n\n".join(part for part in (subject, body) if part)
        language = languages.of_script(body) or languages.of_script(subject)
        ticket = posts.register_post(
            inbound, description[:MAX_TEXT], pictures, language, contact(inbound.sender)
        )
        return "ticket", []
    inbound.ticket_id, inbound.citizen_id = ticket.id, ticket.citizen_id
    timeline.record(ticket, "citizen_wrote", public=True, channel="email", text=body[:MAX_TEXT])
    if pictures:
        try:
            photos.attach(ticket, pictures)
        except JanSevaError as error:  # too many or unreadable: the words still count
            log.info("photos of mail %s not added: %s", inbound.provider_id, error)
    return "thread", []


def words(payload: dict) -> str:
    """The subject and words of a stored mail, for the ticket's conversation."""
    mail = message_from_bytes(base64.b64decode(payload["mime"]), policy=policy.default)
    return "\n".join(part for part in (str(mail.get("Subject") or ""), _text(mail)) if part)


def _thread(subject: str, sender: str) -> Ticket | None:
    """The sender's own ticket whose tracking number the subject carries."""
    for candidate in re.findall(rf"{re.escape(prefix())}-\d{{2,}}", subject, flags=re.I):
        try:
            ticket = tickets.by_tracking_no(candidate)
        except BadTrackingNumber:
            continue
        if ticket is not None and ticket.citizen.email == sender:
            return ticket
    return None


def _text(mail) -> str:
    """The mail's words without the quoted reply below them."""
    part = mail.get_body(preferencelist=("plain", "html"))
    if part is None:
        return ""
    content = part.get_content()
    if part.get_content_subtype() == "html":
        content = _Html.text(content)
    lines = []
    for line in content.splitlines():
        if line.startswith(">") or re.match(r"^On .+ wrote:$", line.strip()):
            break
        lines.append(line)
    return "\n".join(lines).strip()


def _pictures(mail) -> list[tuple[str, bytes]]:
    return [
        (part.get_filename() or "photo", part.get_content())
        for part in mail.iter_attachments()
        if part.get_content_maintype() == "image"
    ][: photos.MAX_PHOTOS]


class _Html(HTMLParser):
    def __init__(self):
        super().__init__()
        self.parts = []

    def handle_data(self, data):
        self.parts.append(data)

    @classmethod
    def text(cls, html: str) -> str:
        parser = cls()
        parser.feed(html)
        return " ".join(" ".join(parser.parts).split())
