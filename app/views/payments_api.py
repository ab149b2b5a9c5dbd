"""REST resource `payment`: create a request (the answer carries `ref` and `upi_uri`) and
`POST /api/v1/payment/<id>/reconcile {"utr"}` when the payer reads out their UTR."""

from flask import request
from flask_appbuilder.api import expose, protect, safe
from flask_appbuilder.models.sqla.interface import SQLAInterface

from app.extensions import db
from app.models.payment import Payment
from app.services import payments
from app.views.base import API_VERBS, ScopedApi


class PaymentApi(ScopedApi):
    resource_name = "payment"
    datamodel = SQLAInterface(Payment, db.session)
    list_columns = show_columns = [
        "id",
        "ref",
        "purpose",
        "amount",
        "note",
        "status",
        "utr",
        "paid_amount",
        "created_at",
        "paid_at",
    ]
    add_columns = edit_columns = []
    method_permission_name = {**API_VERBS, "create_payment": "create", "reconcile": "edit"}
    include_route_methods = {"get", "get_list", "info", "create_payment", "reconcile"}

    @expose("/", methods=["POST"])
    @protect()
    @safe
    def create_payment(self):
        """Request a payment: {"purpose", "amount": "1499.50", "note"}."""
        body = request.get_json(silent=True) or {}
        return self._answer_errors(
            lambda: self._answer(
                201,
                payments.create(body.get("purpose", ""), body.get("amount", ""), body.get("note")),
            )
        )

    @expose("/<int:pk>/reconcile", methods=["POST"])
    @protect()
    @safe
    def reconcile(self, pk):
        """Record the 12-digit UTR the payer reads out: {"utr"}."""
        payment = self.datamodel.get(pk, self._base_filters)
        if payment is None:
            return self.response_404()
        utr = (request.get_json(silent=True) or {}).get("utr", "")
        return self._answer_errors(lambda: self._answer(200, payments.reconcile(payment, str(utr))))

    def _answer(self, status: int, payment: Payment):
        return self.response(
            status,
            id=payment.id,
            ref=payment.ref,
            status=payment.status.value,
            amount=str(payment.amount),
            upi_uri=payments.uri(payment),
        )
