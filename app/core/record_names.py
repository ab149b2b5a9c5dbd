"""Records counted in the reader's words ("3 users", "2 tickets"), by the table that holds
them: what a refusal to delete names instead of a table."""

from flask_babel import gettext as _
from flask_babel import ngettext

from app.core.dates import local_number


def counted(table: str, count: int, at_least: bool = False) -> str:
    """`count` records of `table`, said in the reader's language and digits; `at_least` when
    counting stopped there."""
    shown = local_number(count)
    if at_least:
        shown = _("at least %(count)s", count=shown)
    texts = {
        "ab_user": ngettext("%(count)s user", "%(count)s users", count, count=shown),
        "ab_api_key": ngettext("%(count)s API key", "%(count)s API keys", count, count=shown),
        "ab_user_role": ngettext(
            "%(count)s user with this role", "%(count)s users with this role", count, count=shown
        ),
        "ab_permission_view_role": ngettext(
            "%(count)s permission", "%(count)s permissions", count, count=shown
        ),
        "ab_group_role": ngettext("%(count)s group", "%(count)s groups", count, count=shown),
        "ab_user_group": ngettext(
            "%(count)s group membership", "%(count)s group memberships", count, count=shown
        ),
        "department": ngettext("%(count)s department", "%(count)s departments", count, count=shown),
        "ward": ngettext("%(count)s ward", "%(count)s wards", count, count=shown),
        "officer": ngettext("%(count)s officer", "%(count)s officers", count, count=shown),
        "category": ngettext("%(count)s category", "%(count)s categories", count, count=shown),
        "citizen": ngettext("%(count)s citizen", "%(count)s citizens", count, count=shown),
        "ticket": ngettext("%(count)s ticket", "%(count)s tickets", count, count=shown),
        "ticket_event": ngettext(
            "%(count)s timeline entry", "%(count)s timeline entries", count, count=shown
        ),
        "ticket_photo": ngettext("%(count)s photo", "%(count)s photos", count, count=shown),
        "feedback": ngettext("%(count)s rating", "%(count)s ratings", count, count=shown),
        "sla_timer": ngettext(
            "%(count)s pending SLA step", "%(count)s pending SLA steps", count, count=shown
        ),
        "conversation": ngettext(
            "%(count)s conversation", "%(count)s conversations", count, count=shown
        ),
        "inbound_message": ngettext(
            "%(count)s message from citizens",
            "%(count)s messages from citizens",
            count,
            count=shown,
        ),
        "outbound_message": ngettext(
            "%(count)s message to citizens", "%(count)s messages to citizens", count, count=shown
        ),
        "payment": ngettext(
            "%(count)s payment request", "%(count)s payment requests", count, count=shown
        ),
        "payment_event": ngettext(
            "%(count)s payment history entry",
            "%(count)s payment history entries",
            count,
            count=shown,
        ),
        "bill_run": ngettext("%(count)s bill run", "%(count)s bill runs", count, count=shown),
        "article": ngettext(
            "%(count)s postal article", "%(count)s postal articles", count, count=shown
        ),
        "article_event": ngettext(
            "%(count)s article history entry",
            "%(count)s article history entries",
            count,
            count=shown,
        ),
        "open311_key": ngettext(
            "%(count)s Open311 API key", "%(count)s Open311 API keys", count, count=shown
        ),
        "open311_request": ngettext(
            "%(count)s Open311 request", "%(count)s Open311 requests", count, count=shown
        ),
        "open311_service_attribute": ngettext(
            "%(count)s Open311 question", "%(count)s Open311 questions", count, count=shown
        ),
    }
    if table in texts:
        return texts[table]
    return ngettext("%(count)s other record", "%(count)s other records", count, count=shown)
