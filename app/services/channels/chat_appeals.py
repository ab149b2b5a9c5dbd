"""The chat's "appeal <tracking number>": the bot checks the citizen may appeal against their
own ticket, asks their grounds, and registers the appeal (whose own first message tells its
tracking number). The words and replies are in chatbot_texts.py; the steps in chatbot.py."""

from flask_babel import force_locale

from app.core import languages
from app.core.errors import JanSevaError
from app.extensions import db
from app.models.grievance.ticket import Ticket
from app.services.channels import chatbot_texts as texts
from app.services.grievance import appeals, tickets
from app.services.grievance.errors import BadTrackingNumber
from app.services.grievance.tracking import format_tracking_no


def ask_grounds(conversation, text: str) -> list[str]:
    """ "appeal JS-…": the ticket, if it is the citizen's and may be appealed now; the
    conversation then waits for their grounds."""
    language = conversation.language
    number = text.split(None, 1)[1].strip() if len(text.split(None, 1)) > 1 else ""
    if not number:
        return [texts.say(language, "appeal_how", example=format_tracking_no(1234))]
    try:
        ticket = tickets.by_tracking_no(number)
    except BadTrackingNumber:
        ticket = None
    if ticket is None or ticket.citizen_id != conversation.citizen_id:
        return [texts.say(language, "not_found", value=number)]
    try:
        appeals.check(ticket)
    except JanSevaError as refusal:
        return [_refused(language, refusal)]
    if conversation.step != "appeal":
        conversation.data = {**conversation.data, "resume": conversation.step}
        conversation.step = "appeal"
    conversation.data = {**conversation.data, "appeal_ticket": ticket.id}
    return [texts.say(language, "appeal_why", tracking_no=ticket.tracking_no)]


def register(conversation, grounds: str) -> tuple[list[str], Ticket | None, list]:
    """The citizen's grounds: the replies, the appeal registered (None if refused) and its
    message, which the caller's commit stores (it tells the appeal's tracking number)."""
    language = conversation.language
    if not grounds.strip():
        return [texts.say(language, "appeal_why_again")], None, []
    data = dict(conversation.data)
    ticket = db.session.get(Ticket, data.pop("appeal_ticket"))
    conversation.step, conversation.data = data.pop("resume", "idle"), data
    queued = []
    attempt = db.session.begin_nested()  # a refused appeal keeps the conversation's changes
    try:
        opened = appeals.open_appeal(ticket, grounds, channel=conversation.channel, queued=queued)
    except JanSevaError as refusal:
        attempt.rollback()
        return [_refused(language, refusal)], None, []
    attempt.commit()
    return [], opened, queued


def _refused(language: str, refusal: JanSevaError) -> str:
    """Why the appeal is refused, in the conversation's language (not the request's)."""
    with force_locale(languages.usable(language)):
        reason = str(refusal)
    return texts.say(language, "appeal_refused", reason=reason)
