"""REST resource `payment`: create a request (the answer carries `ref` and `upi_uri`) and
`POST /api/v1/payment/<id>/reconcile {"utr"}` when the payer reads out their UTR."""

from datetime import date

from flask import request
from flask_appbuilder.api import expose, protect, safe
from flask_appbuilder.models.sqla.interface import SQLAInterface

from app.errors import BadPayBy
from app.extensions import db
from app.models.payment import Payment
from app.security.scope import acting_user
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
        "payer_name",
        "payer_language",
        "expires_at",
        "method",
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
        """Request a payment: {"purpose", "amount": "1499.50", "note"}; optionally "payer_name",
        "payer_mobile" (the pay link goes there by SMS), "payer_language", "pay_by" (ISO date)."""
        body = request.get_json(silent=True) or {}

        def create():
            return payments.create(
                body.get("purpose", ""),
                body.get("amount", ""),
                body.get("note"),
                payer_name=body.get("payer_name"),
                payer_mobile=body.get("payer_mobile"),
                payer_language=body.get("payer_language") or "en",
                pay_by_day=_day(body.get("pay_by")),
                actor=acting_user(),
                source="api",
            )

        return self._answer_errors(lambda: self._answer(201, create()))

    @expose("/<int:pk>/reconcile", methods=["POST"])
    @protect()
    @safe
    def reconcile(self, pk):
        """Record the 12-digit UTR the payer reads out: {"utr"}."""
        payment = self.datamodel.get(pk, self._base_filters)
        if payment is None:
            return self.response_404()
        utr = (request.get_json(silent=True) or {}).get("utr", "")
        return self._answer_errors(
            lambda: self._answer(200, payments.reconcile(payment, str(utr), acting_user(), "api"))
        )

    def _answer(self, status: int, payment: Payment):
        return self.response(
            status,
            id=payment.id,
            ref=payment.ref,
            status=payment.status.value,
            amount=str(payment.amount),
            upi_uri=payments.uri(payment),
        )


def _day(value) -> date | None:
    """An ISO date ("2026-12-31"); anything else is refused as a bad pay-by date."""
    if not value:
        return None
    try:
        return date.fromisoformat(str(value))
    except ValueError as error:
        raise BadPayBy() from error
