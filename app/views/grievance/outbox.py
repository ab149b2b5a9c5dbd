"""The outbox as staff see it: what each citizen was sent, when, and whether it arrived.
Read-only: messages are written by the desk's services and sent by workers."""

from flask_appbuilder.models.sqla.interface import SQLAInterface
from flask_babel import lazy_gettext as _l

from app.extensions import db
from app.models.grievance.outbox import MessageStatus, OutboundMessage
from app.views.base.model_views import API_VERBS, ScopedApi, ScopedModelView

STATUS_LABELS = {
    MessageStatus.pending: _l("Waiting"),
    MessageStatus.sending: _l("Sending"),
    MessageStatus.sent: _l("Sent"),
    MessageStatus.failed: _l("Failed, will retry"),
    MessageStatus.undeliverable: _l("Undeliverable"),
}
FIELDS = [
    "ticket",
    "channel",
    "recipient",
    "language",
    "body",
    "status",
    "attempts",
    "last_error",
    "created_at",
    "sent_at",
]


def status_label(status) -> str:
    return str(STATUS_LABELS.get(MessageStatus(status), status)) if status else ""


class OutboxView(ScopedModelView):
    datamodel = SQLAInterface(OutboundMessage, db.session)
    list_title = _l("Messages to citizens")
    show_title = _l("Message")
    list_columns = ["ticket", "channel", "recipient", "status", "attempts", "created_at", "sent_at"]
    show_columns = FIELDS
    search_columns = ["status", "channel", "recipient"]
    base_order = ("id", "desc")
    label_columns = {
        "ticket": _l("Ticket"),
        "channel": _l("Channel"),
        "recipient": _l("Recipient"),
        "language": _l("Language"),
        "body": _l("Message"),
        "status": _l("Status"),
        "attempts": _l("Attempts"),
        "last_error": _l("Last error"),
        "created_at": _l("Written"),
        "sent_at": _l("Sent"),
    }
    formatters_columns = {"status": status_label}
    include_route_methods = {"list", "show", "export_csv"}


class OutboxApi(ScopedApi):
    resource_name = "outbound_message"
    datamodel = SQLAInterface(OutboundMessage, db.session)
    list_columns = show_columns = [
        "id",
        "ticket.id",
        "ticket.tracking_no",
        "channel",
        "recipient",
        "language",
        "body",
        "status",
        "attempts",
        "provider_id",
        "last_error",
        "created_at",
        "sent_at",
    ]
    method_permission_name = API_VERBS
    include_route_methods = {"get", "get_list", "info"}
