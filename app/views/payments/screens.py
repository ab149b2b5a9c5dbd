"""Payments in the admin UI: request a payment (its pay link goes by SMS), record what the
payer paid at the counter (UTR or cash), cancel or refund, reconcile a bank statement, and bill
a whole ward. The provider's callback settles the rest; nothing else is edited by hand."""

from flask import abort, flash, jsonify, redirect, request, url_for
from flask_appbuilder import expose
from flask_appbuilder.models.sqla.interface import SQLAInterface
from flask_appbuilder.security.decorators import has_access
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from app import modules
from app.extensions import db
from app.models.grievance.ticket import Ticket
from app.models.org import Ward
from app.models.payments import BillRun, Payment, PaymentStatus
from app.security.scope import acting_user, is_supervisor, restrict, visible
from app.services.payments import bill_runs, receipts, requests, settlement
from app.services.payments import purposes as payment_purposes
from app.services.payments.texts import (
    event_label,
    method_label,
    outcome_label,
    purpose_label,
    run_status_label,
    source_label,
    status_label,
)
from app.views.base.flashes import flashed_errors
from app.views.base.model_views import ScopedModelView
from app.views.payments.forms import BillRunForm, RequestPaymentForm

# The page of each kind of record a payment is requested for.
LINKED_PAGES = {"ticket": ("TicketView.show", Ticket)}  # and what modules add at linked_page


class PaymentView(ScopedModelView):
    datamodel = SQLAInterface(Payment, db.session)
    list_title = _l("Payments")
    show_title = _l("Payment")
    list_columns = ["ref", "purpose", "payer_name", "amount", "status", "utr", "created_at"]
    show_columns = [
        "ref",
        "purpose",
        "note",
        "amount",
        "status",
        "payer_name",
        "payer_mobile",
        "expires_at",
        "method",
        "utr",
        "paid_amount",
        "paid_at",
        "created_at",
    ]
    search_columns = ["ref", "purpose", "status", "payer_name", "utr", "created_at", "bill_run"]
    base_order = ("id", "desc")
    label_columns = {
        "ref": _l("Reference"),
        "purpose": _l("For"),
        "amount": _l("Amount (₹)"),
        "status": _l("Status"),
        "payer_name": _l("Payer"),
        "payer_mobile": _l("Payer's mobile"),
        "expires_at": _l("Expires"),
        "method": _l("Paid by"),
        "utr": _l("UTR"),
        "created_at": _l("Requested"),
        "paid_at": _l("Paid"),
        "note": _l("Note"),
        "paid_amount": _l("Amount paid (₹)"),
        "bill_run": _l("Bill run"),
    }
    formatters_columns = {
        "purpose": purpose_label,
        "status": status_label,
        "method": method_label,
    }
    show_template = "payments/show.html"
    list_template = "payments/list.html"
    method_permission_name = {
        **ScopedModelView.method_permission_name,
        "reconcile": "edit",
        "cash": "edit",
        "send_link": "edit",
        "cancel": "edit",
        "refund": "edit",
        "statement": "edit",
    }

    @expose("/add", methods=["GET", "POST"])
    @has_access
    def add(self):
        """A request on its own, or for a ticket (`?ticket=<id>`): then the payer is the
        ticket's citizen and the request appears on the ticket's page."""
        ticket = self._ticket(request.args.get("ticket", type=int))
        prefill = {**requests.payer_of(ticket), "note": ticket.tracking_no} if ticket else {}
        prefill["purpose"] = payment_purposes.for_ticket(ticket) or ""
        form = RequestPaymentForm(data=prefill)
        if form.validate_on_submit():
            with flashed_errors():
                payment = requests.create(
                    form.purpose.data,
                    form.amount.data,
                    form.note.data,
                    payer_name=form.payer_name.data,
                    payer_mobile=form.payer_mobile.data,
                    payer_language=form.payer_language.data,
                    pay_by_day=form.pay_by.data,
                    ticket=ticket,
                    actor=acting_user(),
                )
                return redirect(url_for(".show", pk=payment.id))
        title = _("Request a payment for %(ticket)s", ticket=ticket) if ticket else None
        return self.render_template(
            "base/form.html",
            form=form,
            title=title or _("Request a payment"),
            submit=_("Request the payment"),
        )

    @staticmethod
    def _ticket(ticket_id: int | None) -> Ticket | None:
        if ticket_id is None:
            return None
        return visible(Ticket, ticket_id) or abort(404)

    @expose("/edit/<pk>", methods=["GET", "POST"])
    @has_access
    def edit(self, pk):
        return redirect(url_for(".show", pk=pk))

    @expose("/show/<pk>", methods=["GET"])
    @has_access
    def show(self, pk):
        payment = self.row_or_404(pk)
        return self.show_page(
            pk,
            payment,
            payment=payment,
            open=settlement.is_open(payment),
            can_settle=self.appbuilder.sm.has_access("can_edit", "Payment"),
            linked=self._linked(payment),
            refundable=is_supervisor(acting_user())
            and payment.status in (PaymentStatus.paid, PaymentStatus.mismatch),
            event_label=event_label,
            source_label=source_label,
        )

    def _linked(self, payment) -> tuple[str, str] | None:
        """What the payment is for, as (label, address), when the user may open it."""
        pages = LINKED_PAGES | modules.additions("payments.linked_page")
        endpoint, model = pages.get(payment.link_kind, (None, None))
        if endpoint is None or not self.appbuilder.sm.has_access("can_read", model.__name__):
            return None
        record = visible(model, payment.link_id)
        return (str(record), url_for(endpoint, pk=record.id)) if record else None

    @expose("/reconcile/<pk>", methods=["POST"])
    @has_access
    def reconcile(self, pk):
        return self.act_on(
            pk,
            lambda payment, user: settlement.reconcile(payment, request.form.get("utr", ""), user),
            _("Paid: the UTR is recorded."),
        )

    @expose("/cash/<pk>", methods=["POST"])
    @has_access
    def cash(self, pk):
        return self.act_on(pk, settlement.record_cash, _("Paid in cash: recorded."))

    @expose("/send-link/<pk>", methods=["POST"])
    @has_access
    def send_link(self, pk):
        return self.act_on(pk, requests.send_link, _("The pay link is on its way by SMS."))

    @expose("/cancel/<pk>", methods=["POST"])
    @has_access
    def cancel(self, pk):
        return self.act_on(pk, settlement.cancel, _("The payment request is cancelled."))

    @expose("/refund/<pk>", methods=["POST"])
    @has_access
    def refund(self, pk):
        return self.act_on(
            pk,
            lambda payment, user: settlement.refund(payment, user, request.form.get("note", "")),
            _("The refund is recorded."),
        )

    @expose("/statement", methods=["GET", "POST"])
    @has_access
    def statement(self):
        """Settle what the bank statement shows was paid, and report what did not match."""
        report = None
        upload = request.files.get("statement")
        if request.method == "POST" and upload:
            try:
                text = upload.read().decode("utf-8-sig")
            except UnicodeDecodeError:
                flash(_("Not a CSV file."), "danger")
            else:
                with flashed_errors():
                    report = receipts.import_statement(text)
        return self.render_template(
            "payments/statement.html",
            title=_("Import a bank statement"),
            report=report,
            paid=sum(row["outcome"] == "paid" for row in report or []),
            outcome=outcome_label,
        )


class BillRunView(ScopedModelView):
    """Bill a whole ward in one action; the run's page shows the worker's progress."""

    datamodel = SQLAInterface(BillRun, db.session)
    list_title = _l("Bill runs")
    show_title = _l("Bill run")
    list_columns = ["id", "purpose", "ward", "amount", "status", "billed", "total", "created_at"]
    show_columns = [
        "purpose",
        "ward",
        "amount",
        "note",
        "expires_at",
        "status",
        "total",
        "billed",
        "without_address",
        "created_by",
        "created_at",
        "finished_at",
    ]
    base_order = ("id", "desc")
    label_columns = {
        "id": _l("Run"),
        "purpose": _l("For"),
        "ward": _l("Ward"),
        "amount": _l("Amount (₹)"),
        "note": _l("Note"),
        "expires_at": _l("Expires"),
        "status": _l("Status"),
        "total": _l("Citizens"),
        "billed": _l("Billed"),
        "without_address": _l("Billed without a pay link (no mobile, e-mail or Telegram)"),
        "created_by": _l("Started by"),
        "created_at": _l("Started"),
        "finished_at": _l("Finished"),
    }
    formatters_columns = {"purpose": purpose_label, "status": run_status_label}
    show_template = "payments/bill_run.html"
    method_permission_name = {**ScopedModelView.method_permission_name, "progress": "read"}

    @expose("/add", methods=["GET", "POST"])
    @has_access
    def add(self):
        form = BillRunForm()
        wards = restrict(db.session.query(Ward), Ward).order_by(Ward.number)
        form.ward_id.choices = [(ward.id, ward.label()) for ward in wards]
        if form.validate_on_submit():
            with flashed_errors():
                run = bill_runs.start(
                    form.purpose.data,
                    form.ward_id.data,
                    form.amount.data,
                    form.note.data,
                    form.pay_by.data,
                    acting_user(),
                )
                return redirect(url_for(".show", pk=run.id))
        return self.render_template(
            "base/form.html", form=form, title=_("Bill a ward"), submit=_("Start the bill run")
        )

    @expose("/edit/<pk>", methods=["GET", "POST"])
    @has_access
    def edit(self, pk):
        return redirect(url_for(".show", pk=pk))

    @expose("/show/<pk>", methods=["GET"])
    @has_access
    def show(self, pk):
        run = self.row_or_404(pk)
        return self.show_page(pk, run, run=run)

    @expose("/progress/<pk>", methods=["GET"])
    @has_access
    def progress(self, pk):
        """What the run's open page polls until the run is done."""
        run = self.row_or_404(pk)
        response = jsonify(
            status=run.status.value,
            status_label=run_status_label(run.status),
            billed=run.billed,
            total=run.total,
        )
        response.headers["Cache-Control"] = "no-store"
        return response
