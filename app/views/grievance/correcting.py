"""The ticket page's "Correct or transfer" and appeal forms: what they offer, and reading what
was posted (the service checks every value and refuses in the user's language)."""

from flask_babel import gettext as _
from markupsafe import Markup

from app.core.bidi import html_message
from app.extensions import db
from app.models.grievance.ticket import Priority, Ticket
from app.models.org import Category, OrgUnit, Ward
from app.security.scope import restrict
from app.services.grievance import appeals, corrections
from app.views.grievance.labels import priority_label


def page_context(ticket: Ticket) -> dict:
    """What the ticket page shows for correcting it and for its appeals."""
    categories = db.session.query(Category).filter_by(active=True).order_by(Category.code)
    wards = restrict(db.session.query(Ward), Ward).order_by(Ward.number)
    units = restrict(db.session.query(OrgUnit).filter_by(active=True), OrgUnit)
    return {
        "correct_categories": [(c.id, c.label()) for c in categories],
        "correct_wards": [(w.id, f"{w.number} {w.label()}") for w in wards],
        "correct_units": [(u.id, u.label()) for u in units.order_by(OrgUnit.path)],
        "priorities": [(p.value, priority_label(p)) for p in Priority],
        "appeals": appeals.of_ticket(ticket),
        "may_appeal": appeals.may_appeal(ticket),
    }


def correct(ticket: Ticket, form, actor) -> Ticket:
    """The posted form, as corrections.correct takes it: a field left at its current value
    changes nothing, "—" (0) for the office lets it follow the ward."""
    return corrections.correct(
        ticket,
        actor,
        form.get("reason", ""),
        category_id=_chosen(form.get("category")),
        ward_id=_chosen(form.get("ward")),
        priority=form.get("priority") or None,
        description=form.get("description"),
        org_unit_id=_chosen(form.get("org_unit")),
    )


def transferred_away(ticket: Ticket) -> Markup:
    """Said when the transfer takes the ticket beyond what the user sees."""
    return html_message(
        _("%(tracking_no)s is transferred to %(department)s."),
        tracking_no=ticket.tracking_no,
        department=ticket.department.label(),
    )


def _chosen(value: str | None) -> int | None:
    """A chosen id; nothing chosen ("" or "0") is None; anything else is an id no record has
    (-1), which the service refuses by name."""
    value = (value or "").strip()
    if value in ("", "0"):
        return None
    return int(value) if value.isdigit() else -1
