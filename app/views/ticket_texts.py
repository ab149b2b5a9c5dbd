"""How the grievance desk's data reads to people: channel names and timeline lines."""

from datetime import datetime

from flask import Blueprint
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext

from app.extensions import db
from app.models.org import Department
from app.models.ticket import Channel, Priority
from app.services import sla, ticket_states, timeline
from app.services.dates import local_datetime, local_decimal, local_number
from app.services.payment_texts import purpose_label

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


PRIORITY_LABELS = {
    Priority.low: _l("Low"),
    Priority.normal: _l("Normal"),
    Priority.high: _l("High"),
    Priority.urgent: _l("Urgent"),
}


def priority_label(priority) -> str:
    return str(PRIORITY_LABELS.get(Priority(priority), priority)) if priority else ""


def department_label(code: str | None) -> str:
    department = db.session.query(Department).filter_by(code=code).first() if code else None
    return department.label() if department else (code or "")


@bp.app_template_filter("channel_label")
def channel_label(channel) -> str:
    return str(CHANNEL_LABELS.get(Channel(channel), channel)) if channel else ""


def escalation_text(data: dict) -> str:
    return _(
        "Escalated (level %(level)s) to %(people)s.",
        level=local_number(data.get("level", 1)),
        people=data.get("to") or "—",
    )


@bp.app_template_filter("event_text")
def event_text(event) -> str:
    data = event.data or {}
    if event.kind == "created":
        return _("Received by %(channel)s.", channel=channel_label(data.get("channel")))
    if event.kind == "routed" and data.get("reason") == "fewest_open_tickets":
        return _(
            "Routed to %(department)s, %(officer)s: fewest open tickets (%(open)s) among "
            "%(count)s available officers serving the ward.",
            department=department_label(data["department"]),
            officer=data["officer"],
            open=local_number(data["open_tickets"]),
            count=local_number(data["candidates"]),
        )
    if event.kind == "routed":
        return _(
            "Routed to the %(department)s queue: no available officer serves this ward.",
            department=department_label(data.get("department")),
        )
    if event.kind == "state_changed":
        text = _(
            "State changed from %(before)s to %(after)s.",
            before=ticket_states.label(data.get("from_state")),
            after=ticket_states.label(data.get("to_state")),
        )
        if data.get("reason"):
            text = f"{text} " + _("Reason: %(reason)s", reason=data["reason"])
        if not data.get("note"):
            return text
        if timeline.note_is_public(event):
            return f"{text} {data['note']}"
        return f"{text} " + _("Internal note: %(note)s", note=data["note"])
    if event.kind == "assigned":
        return _("Assigned to %(officer)s.", officer=data.get("officer"))
    if event.kind == "rerouted":
        return _(
            "Not our department: re-routed from %(before)s to %(after)s.",
            before=department_label(data.get("from_department")),
            after=department_label(data.get("to_department")),
        )
    if event.kind == "payment_requested":
        return _(
            "Payment %(ref)s of ₹%(amount)s requested: %(purpose)s.",
            ref=data.get("ref"),
            amount=local_decimal(data.get("amount")),
            purpose=purpose_label(data.get("purpose")),
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
            return _("%(target)s due at %(due)s: the assignee was warned.", target=target, due=due)
        breach = _("SLA breached: %(target)s was due at %(due)s.", target=target, due=due)
        if event.kind == "sla_breach":
            return breach
        return f"{breach} {escalation_text(data)}" if due else escalation_text(data)
    if event.kind == "citizen_wrote":
        return _(
            "The citizen wrote by %(channel)s: “%(words)s”",
            channel=channel_label(data.get("channel")),
            words=data.get("text", ""),
        )
    if event.kind == "citizen_merged":
        return _(
            "Citizen record #%(duplicate)s merged into #%(survivor)s.",
            duplicate=data.get("from_citizen"),
            survivor=data.get("into_citizen"),
        )
    return data.get("text", "")
