"""Payment requests in the admin UI (read-only: the provider's callback settles them)."""

from flask_appbuilder.models.sqla.interface import SQLAInterface
from flask_babel import lazy_gettext as _l

from app.extensions import db
from app.models.payment import Payment
from app.views.base import ScopedModelView
from app.views.payment_texts import purpose_label, status_label


class PaymentView(ScopedModelView):
    datamodel = SQLAInterface(Payment, db.session)
    list_title = _l("Payments")
    list_columns = ["ref", "purpose", "amount", "status", "utr", "created_at", "paid_at"]
    show_columns = [*list_columns, "note", "paid_amount"]
    search_columns = ["ref", "purpose", "status", "utr", "created_at"]
    base_order = ("id", "desc")
    label_columns = {
        "ref": _l("Reference"),
        "purpose": _l("For"),
        "amount": _l("Amount (₹)"),
        "status": _l("Status"),
        "utr": _l("UTR"),
        "created_at": _l("Requested"),
        "paid_at": _l("Paid"),
        "note": _l("Note"),
        "paid_amount": _l("Amount paid (₹)"),
    }
    formatters_columns = {"purpose": purpose_label, "status": status_label}
