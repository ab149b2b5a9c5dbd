"""The timeline lines of corrections, transfers and appeals (see texts.event_text)."""

from flask_babel import gettext as _
from markupsafe import Markup

from app.core.bidi import html_message
from app.core.dates import local_number
from app.extensions import db
from app.models.org import Category, OrgUnit, Ward
from app.services.grievance.tickets import WRONG_DEPARTMENT
from app.views.grievance.labels import department_label, priority_label


def category_label(code: str | None) -> str:
    category = db.session.query(Category).filter_by(code=code).first() if code else None
    return category.label() if category else (code or "—")


def ward_label(number: int | None) -> str:
    ward = db.session.query(Ward).filter_by(number=number).first() if number else None
    return f"{local_number(number)} {ward.label()}" if ward else "—"


def unit_label(unit_id: int | None) -> str:
    unit = db.session.get(OrgUnit, unit_id) if unit_id else None
    return unit.label() if unit else "—"


# field -> (how its value reads, the line saying it changed)
FIELDS = {
    "category": (category_label, lambda: _("Category changed from %(before)s to %(after)s.")),
    "ward": (ward_label, lambda: _("Ward changed from %(before)s to %(after)s.")),
    "priority": (priority_label, lambda: _("Priority changed from %(before)s to %(after)s.")),
    "description": (
        lambda text: text or "",
        lambda: _("Description corrected from “%(before)s” to “%(after)s”."),
    ),
}


def corrected_text(data: dict) -> Markup:
    """What a correction changed, before and after, and why (the reason only on staff pages:
    the public timeline has it removed)."""
    lines = []
    if "department" in data:
        before, after = data["department"]
        lines.append(
            html_message(
                _("Transferred from %(before)s to %(after)s."),
                before=department_label(before),
                after=department_label(after),
            )
        )
    if "org_unit" in data:
        before, after = data["org_unit"]
        lines.append(
            html_message(
                _("Transferred from the office %(before)s to %(after)s."),
                before=unit_label(before),
                after=unit_label(after),
            )
        )
    for field, (shown, line) in FIELDS.items():
        if field in data:
            before, after = data[field]
            lines.append(html_message(line(), before=shown(before), after=shown(after)))
    if data.get("reason"):
        reason = data["reason"]
        reason = _("Not our department") if reason == WRONG_DEPARTMENT else reason
        lines.append(html_message(_("Reason: %(reason)s"), reason=reason))
    return Markup(" ").join(lines)


def appealed_text(data: dict) -> Markup:
    return html_message(
        _("The citizen appealed: the appeal is %(appeal)s, heard by %(office)s."),
        appeal=data.get("appeal", ""),
        office=unit_label(data.get("org_unit")),
    )


def appeal_opened_text(data: dict) -> Markup:
    if not data.get("reason"):  # the public timeline: the grounds stay with the staff
        return html_message(_("Appeal against %(original)s."), original=data.get("original", ""))
    return html_message(
        _("Appeal against %(original)s. Grounds: %(reason)s"),
        original=data.get("original", ""),
        reason=data.get("reason", ""),
    )


def appeal_decided_text(data: dict) -> Markup:
    if data.get("outcome") == "upheld":
        line = _("The appeal %(appeal)s was upheld.")
    else:
        line = _("The appeal %(appeal)s was dismissed.")
    return html_message(line, appeal=data.get("appeal", ""))


TEXTS = {
    "corrected": corrected_text,
    "appealed": appealed_text,
    "appeal_opened": appeal_opened_text,
    "appeal_decided": appeal_decided_text,
}
