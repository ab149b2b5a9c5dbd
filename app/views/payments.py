"""Payments in the admin UI: request a payment, and record the UTR a payer reads out. The
provider's callback settles the rest; nothing else about a payment is edited by hand."""

from flask import abort, flash, redirect, request, url_for
from flask_appbuilder import expose
from flask_appbuilder.fieldwidgets import BS3TextFieldWidget, Select2Widget
from flask_appbuilder.models.sqla.interface import SQLAInterface
from flask_appbuilder.security.decorators import has_access
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, StringField
from wtforms.validators import DataRequired, Length

from app.errors import JanSevaError
from app.extensions import db
from app.models.payment import Payment, PaymentPurpose, PaymentStatus
from app.services import payments
from app.views.base import ScopedModelView
from app.views.payment_texts import PURPOSE_LABELS, outcome_label, purpose_label, status_label


class RequestPaymentForm(FlaskForm):
    purpose = SelectField(
        _l("For"),
        choices=[(p.value, PURPOSE_LABELS[p]) for p in PaymentPurpose if p != PaymentPurpose.cod],
        widget=Select2Widget(),
    )
    amount = StringField(
        _l("Amount (₹)"), [DataRequired(), Length(max=12)], widget=BS3TextFieldWidget()
    )
    note = StringField(
        _l("Note"),
        [DataRequired(), Length(max=50)],
        description=_l("What the payer's UPI app shows, e.g. Holding tax 2026-27 H.No 4/7."),
        widget=BS3TextFieldWidget(),
    )


class PaymentView(ScopedModelView):
    datamodel = SQLAInterface(Payment, db.session)
    list_title = _l("Payments")
    show_title = _l("Payment")
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
    show_template = "payments/show.html"
    list_template = "payments/list.html"
    method_permission_name = {
        **ScopedModelView.method_permission_name,
        "reconcile": "edit",
        "statement": "edit",
    }

    @expose("/add", methods=["GET", "POST"])
    @has_access
    def add(self):
        form = RequestPaymentForm()
        if form.validate_on_submit():
            try:
                payment = payments.create(form.purpose.data, form.amount.data, form.note.data)
            except JanSevaError as error:
                db.session.rollback()
                flash(str(error), "danger")
            else:
                return redirect(url_for(".show", pk=payment.id))
        return self.render_template(
            "form.html", form=form, title=_("Request a payment"), submit=_("Request the payment")
        )

    @expose("/edit/<pk>", methods=["GET", "POST"])
    @has_access
    def edit(self, pk):
        return redirect(url_for(".show", pk=pk))

    @expose("/show/<pk>", methods=["GET"])
    @has_access
    def show(self, pk):
        payment = self._payment(pk)
        return self.render_template(
            self.show_template,
            pk=pk,
            title=self.show_title,
            widgets=self._get_show_widget(pk, payment),
            payment=payment,
            pending=payment.status == PaymentStatus.pending,
        )

    @expose("/reconcile/<pk>", methods=["POST"])
    @has_access
    def reconcile(self, pk):
        try:
            payments.reconcile(self._payment(pk), request.form.get("utr", ""))
            flash(_("Paid: the UTR is recorded."), "success")
        except JanSevaError as error:
            db.session.rollback()
            flash(str(error), "danger")
        return redirect(url_for(".show", pk=pk))

    @expose("/statement", methods=["GET", "POST"])
    @has_access
    def statement(self):
        """Settle what the bank statement shows was paid, and report what did not match."""
        report = None
        upload = request.files.get("statement")
        if request.method == "POST" and upload:
            try:
                report = payments.import_statement(upload.read().decode("utf-8-sig"))
            except (JanSevaError, UnicodeDecodeError) as error:
                db.session.rollback()
                flash(
                    str(error) if isinstance(error, JanSevaError) else _("Not a CSV file."),
                    "danger",
                )
        return self.render_template(
            "payments/statement.html",
            title=_("Import a bank statement"),
            report=report,
            paid=sum(row["outcome"] == "paid" for row in report or []),
            outcome=outcome_label,
        )

    def _payment(self, pk) -> Payment:
        payment = self.datamodel.get(pk, self._base_filters)
        if payment is None:
            abort(404)
        return payment
