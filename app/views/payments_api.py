"""REST resource `payment`: create a request (the answer carries `ref` and `upi_uri`) and
`POST /api/v1/payment/<id>/reconcile {"utr"}` when the payer reads out their UTR."""

from datetime import date

from flask import request
from flask_appbuilder.api import expose, protect, safe
from flask_appbuilder.models.sqla.interface import SQLAInterface

from app.errors import BadPayBy, UnknownTicket
from app.extensions import db
from app.models.payment import Payment
from app.models.ticket import Ticket
from app.security.scope import acting_user, visible
from app.services import payments
from app.services.tracking import parse_tracking_no
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
        "link_kind",
        "link_id",
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
        "payer_mobile" (the pay link goes there by SMS), "payer_language", "pay_by" (ISO date),
        and "ticket" (a tracking number): the request is then for that ticket, and the payer
        fields not given are its citizen's."""
        body = request.get_json(silent=True) or {}

        def create():
            ticket = _ticket(body.get("ticket"))
            payer = payments.payer_of(ticket) if ticket else {}
            for field in ("payer_name", "payer_mobile", "payer_language"):
                if body.get(field):
                    payer[field] = body[field]
            return payments.create(
                body.get("purpose", ""),
                body.get("amount", ""),
                body.get("note"),
                pay_by_day=_day(body.get("pay_by")),
                ticket=ticket,
                actor=acting_user(),
                source="api",
                **payer,
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


def _ticket(tracking_no) -> Ticket | None:
    """The ticket of a tracking number, among those the caller may see."""
    if not tracking_no:
        return None
    ticket = visible(Ticket, parse_tracking_no(str(tracking_no)))
    if ticket is None:
        raise UnknownTicket(value=tracking_no)
    return ticket


def _day(value) -> date | None:
    """An ISO date ("2026-12-31"); anything else is refused as a bad pay-by date."""
    if not value:
        return None
    try:
        return date.fromisoformat(str(value))
    except ValueError as error:
        raise BadPayBy() from error
