"""X (Twitter): the desk's mentions, polled with since_id, each stored once by its post id. A
mention becomes a ticket (a reply in a thread we answered goes on that thread's ticket) and
the desk answers publicly with the tracking number only: nothing personal on a public wall."""

from collections.abc import Callable

from flask import current_app
from sqlalchemy import select

from app.core import languages
from app.core.clock import utc_now
from app.extensions import db
from app.models.channels import ChannelCursor, InboundMessage
from app.models.grievance.ticket import Ticket
from app.services.channels import posts
from app.services.grievance import gateways, outbox, timeline

MAX_RESULTS = 100


def contact(sender: str) -> dict:
    return {"x_handle": sender}


def poll(receive: Callable[[str, list[dict]], list[int]]) -> int:
    """Store the mentions newer than the last one seen (`receive`: inbound.receive, handed in by
    the job); returns how many arrived."""
    if not current_app.config.get("X_BEARER_TOKEN"):
        return 0
    params = {
        "max_results": MAX_RESULTS,
        "tweet.fields": "created_at,author_id,conversation_id",
        "expansions": "author_id",
    }
    since = _cursor("x.since_id")
    if since:
        params["since_id"] = since
    page = gateways.download(f"{_base()}/users/{_account_id()}/mentions", _headers(), params)
    answer = page.json()
    authors = {user["id"]: user for user in (answer.get("includes") or {}).get("users", [])}
    posts = answer.get("data") or []
    items = [
        {
            "provider_id": post["id"],
            "sender": authors.get(post.get("author_id"), {}).get("username", post.get("author_id")),
            "name": authors.get(post.get("author_id"), {}).get("name"),
            "message": post,
        }
        for post in reversed(posts)  # oldest first
    ]
    receive("x", items)
    newest = (answer.get("meta") or {}).get("newest_id")
    if newest:
        _remember("x.since_id", newest)
    return len(items)


def handle(inbound) -> tuple[str, list]:
    """A new mention is a ticket; a mention inside the thread of one is a message on it."""
    post = inbound.payload
    text = " ".join(w for w in post.get("text", "").split() if not w.startswith("@")).strip()
    thread = db.session.scalar(
        select(InboundMessage).where(
            InboundMessage.channel == "x",
            InboundMessage.provider_id == post.get("conversation_id"),
            InboundMessage.ticket_id.isnot(None),
        )
    )
    if thread is not None and thread.id != inbound.id:
        inbound.ticket_id, inbound.citizen_id = thread.ticket_id, thread.citizen_id
        ticket = db.session.get(Ticket, thread.ticket_id)
        timeline.record(ticket, "citizen_wrote", public=True, channel="x", text=text)
        return "thread", []
    words = text or post.get("text", "")
    ticket = posts.register_post(
        inbound, words, [], languages.of_script(words), contact(inbound.sender)
    )
    reply = outbox.queue_to(
        ticket.id,
        "x",
        inbound.provider_id,  # the post answered
        ticket.citizen.language,
        f"x-{inbound.provider_id}",
        f"@{inbound.sender} {ticket.tracking_no}",
        citizen_id=ticket.citizen_id,
    )
    return "ticket", [reply]


def words(post: dict) -> str:
    return post.get("text", "")


def send(message, body: str, last_inbound_at) -> str:
    """A public reply to the citizen's post; returns the new post's id."""
    payload = {"text": body, "reply": {"in_reply_to_tweet_id": message.recipient}}
    return gateways.post_json("X", f"{_base()}/tweets", payload, _headers())["data"]["id"]


def _account_id() -> str:
    """The desk's own account id, asked of X once."""
    known = _cursor("x.user_id")
    if known:
        return known
    me = gateways.download(f"{_base()}/users/me", _headers()).json()["data"]["id"]
    _remember("x.user_id", me)
    return me


def _cursor(name: str) -> str | None:
    return db.session.scalar(select(ChannelCursor.value).where(ChannelCursor.name == name))


def _remember(name: str, value: str) -> None:
    cursor = db.session.get(ChannelCursor, name) or ChannelCursor(name=name)
    cursor.value, cursor.updated_at = value, utc_now()
    db.session.add(cursor)
    db.session.commit()


def _base() -> str:
    return current_app.config["X_API_BASE"].rstrip("/")


def _headers() -> dict:
    return {"Authorization": f"Bearer {current_app.config['X_BEARER_TOKEN']}"}
