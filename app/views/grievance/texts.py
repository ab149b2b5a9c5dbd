"""How the grievance desk's data reads to people: channel names and timeline lines."""

from datetime import datetime, timedelta

from babel.dates import format_timedelta
from flask import Blueprint
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from markupsafe import Markup

from app import modules
from app.core.bidi import bdi, html_message
from app.core.dates import local_datetime, local_number
from app.core.digits import native_digits
from app.core.i18n import current_language
from app.extensions import db
from app.models.base import StaffUser
from app.models.grievance.ticket import Channel
from app.services.grievance import sla, ticket_states, timeline
from app.views.grievance import correction_texts
from app.views.grievance.labels import (  # noqa: F401 - priority_label is read from here too
    PRIORITY_LABELS,
    department_label,
    priority_label,
)

bp = Blueprint("ticket_texts", __name__)

CHANNEL_LABELS = {
    Channel.walk_in: _l("Walk-in"),
    Channel.phone_call: _l("Phone call"),
    Channel.web: _l("Web"),
    Channel.whatsapp: _l("WhatsApp"),
    Channel.sms: _l("SMS"),
    Channel.telegram: _l("Telegram"),
    Channel.messenger: _l("Messenger"),
    Channel.email: _l("E-mail"),
    Channel.x: _l("X"),
    Channel.open311: _l("Open311"),
    Channel.api: _l("API"),
}


@bp.app_template_filter("channel_label")
def channel_label(channel) -> str:
    return str(CHANNEL_LABELS.get(Channel(channel), channel)) if channel else ""


def escalation_text(data: dict) -> Markup:
    text = html_message(
        _("Escalated (level %(level)s) to %(people)s."),
        level=local_number(data.get("level", 1)),
        people=", ".join(data.get("people") or _names_of(data.get("to"))) or "—",
    )
    if "held_seconds" not in data:  # written before the ladder recorded who held it
        return text
    held = duration_text(data["held_seconds"])
    if data.get("held_by"):
        return (
            text
            + " "
            + html_message(
                _("Held before by %(people)s (level %(level)s) for %(duration)s."),
                people=", ".join(data["held_by"]),
                level=local_number(data.get("from_level", 1)),
                duration=held,
            )
        )
    return (
        text + " " + html_message(_("Nobody was assigned to it for %(duration)s."), duration=held)
    )


def duration_text(seconds: int) -> str:
    """A time held, in minutes under an hour, else hours and minutes."""
    minutes = int(seconds) // 60
    if minutes < 60:
        return ngettext(
            "%(count)s minute", "%(count)s minutes", minutes, count=local_number(minutes)
        )
    return _(
        "%(hours)s h %(minutes)s min",
        hours=local_number(minutes // 60),
        minutes=local_number(minutes % 60),
    )


def _names_of(usernames: str | None) -> list[str]:
    """The people an escalation written before it named them went to, by their logins."""
    logins = [name.strip() for name in (usernames or "").split(",") if name.strip()]
    users = {
        u.username: u for u in db.session.query(StaffUser).filter(StaffUser.username.in_(logins))
    }
    return [
        f"{users[name].first_name} {users[name].last_name}".strip() if name in users else name
        for name in logins
    ]


def warning_text(data: dict, target: str, due: str) -> Markup:
    """Who was really warned that a target is near: the assignee, or nobody."""
    if "warned" not in data:  # written before the sweep recorded who heard
        return html_message(_("%(target)s due at %(due)s."), target=target, due=due)
    if data["warned"]:
        return html_message(
            _("%(target)s due at %(due)s: %(officer)s was warned by SMS."),
            target=target,
            due=due,
            officer=data.get("assignee"),
        )
    if data.get("assignee"):
        return html_message(
            _("%(target)s due at %(due)s: %(officer)s has no mobile number, so nobody was warned."),
            target=target,
            due=due,
            officer=data["assignee"],
        )
    return html_message(
        _("%(target)s due at %(due)s: nobody is assigned, so nobody was warned."),
        target=target,
        due=due,
    )


def pause_text(kind: str, data: dict) -> Markup:
    """A pause state stopping the SLA clock, or leaving one restarting it."""
    state = ticket_states.label(data.get("state"))
    if kind == "paused":
        return html_message(
            _("The SLA clock is stopped while the ticket is “%(state)s”."), state=state
        )
    return html_message(
        _("The SLA clock runs again (%(state)s) after %(duration)s; its deadlines moved on."),
        state=state,
        duration=local_duration(data.get("paused_minutes", 0)),
    )


def local_duration(minutes: float) -> str:
    """ "2 days", "3 hours", "50 minutes" in the reader's language and digits."""
    language = current_language()
    text = format_timedelta(timedelta(minutes=max(minutes, 1)), threshold=1, locale=language)
    return native_digits(text, language)


@bp.app_template_filter("event_text")
def event_text(event) -> Markup:
    """A timeline line; names, notes and numbers in it isolated for right-to-left pages."""
    data = event.data or {}
    added = modules.additions("grievance.event_text").get(event.kind)
    if added is not None:  # an event another module writes on the timeline
        return added(data)
    if event.kind in correction_texts.TEXTS:
        return correction_texts.TEXTS[event.kind](data)
    if event.kind == "created":
        return html_message(
            _("Received by %(channel)s."), channel=channel_label(data.get("channel"))
        )
    if event.kind == "routed" and data.get("reason") == "fewest_open_tickets":
        return html_message(
            _(
                "Routed to %(department)s, %(officer)s: fewest open tickets (%(open)s) among "
                "%(count)s available officers serving the ward."
            ),
            department=department_label(data["department"]),
            officer=data["officer"],
            open=local_number(data["open_tickets"]),
            count=local_number(data["candidates"]),
        )
    if event.kind == "routed":
        return html_message(
            _("Routed to the %(department)s queue: no available officer serves this ward."),
            department=department_label(data.get("department")),
        )
    if event.kind == "state_changed":
        text = html_message(
            _("State changed from %(before)s to %(after)s."),
            before=ticket_states.label(data.get("from_state")),
            after=ticket_states.label(data.get("to_state")),
        )
        if data.get("reason"):
            text += " " + html_message(_("Reason: %(reason)s"), reason=data["reason"])
        if not data.get("note"):
            return text
        if timeline.note_is_public(event):
            return text + " " + bdi(data["note"])
        return text + " " + html_message(_("Internal note: %(note)s"), note=data["note"])
    if event.kind == "assigned":
        return html_message(_("Assigned to %(officer)s."), officer=data.get("officer"))
    if event.kind == "rerouted":
        return html_message(
            _("Not our department: re-routed from %(before)s to %(after)s."),
            before=department_label(data.get("from_department")),
            after=department_label(data.get("to_department")),
        )
    if event.kind == "photos_added":
        count = data.get("count", 1)
        return ngettext(
            "%(count)s photo added.", "%(count)s photos added.", count, count=local_number(count)
        )
    if event.kind in ("sla_warning", "sla_breach", "escalated"):
        target = str(sla.TARGET_LABELS.get(data.get("target"), data.get("target")))
        due = local_datetime(datetime.fromisoformat(data["due"])) if data.get("due") else ""
        if event.kind == "sla_warning":
            return warning_text(data, target, due)
        breach = html_message(
            _("SLA breached: %(target)s was due at %(due)s."), target=target, due=due
        )
        if event.kind == "sla_breach":
            return breach
        return breach + " " + escalation_text(data) if due else escalation_text(data)
    if event.kind in ("paused", "resumed"):
        return pause_text(event.kind, data)
    if event.kind.startswith("explanation_"):
        return explanation_text(event.kind, data)
    if event.kind == "citizen_wrote":
        return html_message(
            _("The citizen wrote by %(channel)s: “%(words)s”"),
            channel=channel_label(data.get("channel")),
            words=data.get("text", ""),
        )
    if event.kind == "citizen_merged":
        return html_message(
            _("Citizen record #%(duplicate)s merged into #%(survivor)s."),
            duplicate=local_number(data.get("from_citizen")),
            survivor=local_number(data.get("into_citizen")),
        )
    return bdi(data.get("text", ""))


def explanation_text(kind: str, data: dict) -> Markup:
    """The timeline lines of an explanation: asked, answered (on time or late), missed."""
    due = local_datetime(datetime.fromisoformat(data["due"])) if data.get("due") else ""
    if kind == "explanation_asked":
        return html_message(
            _("%(asker)s asked %(person)s for an explanation by %(due)s: “%(question)s”"),
            asker=data.get("by", ""),
            person=data.get("of", ""),
            due=due,
            question=data.get("question", ""),
        )
    if kind == "explanation_answered":
        said = (
            _("%(person)s explained, late: “%(answer)s”")
            if data.get("late")
            else _("%(person)s explained: “%(answer)s”")
        )
        return html_message(said, person=data.get("of", ""), answer=data.get("answer", ""))
    return html_message(
        _("%(person)s gave no explanation by %(due)s."), person=data.get("of", ""), due=due
    )
