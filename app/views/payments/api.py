"""REST resource `payment`: create a request (the answer carries `ref` and `upi_uri`) and
`POST /api/v1/payment/<id>/reconcile {"utr"}` when the payer reads out their UTR."""

from datetime import date

from flask_appbuilder.api import expose, protect, safe
from flask_appbuilder.models.sqla.interface import SQLAInterface
from marshmallow import fields

from app.extensions import db
from app.models.grievance.ticket import Ticket
from app.models.payments import Payment, PaymentPurpose, PaymentStatus
from app.security.scope import acting_user
from app.services.grievance import tickets
from app.services.grievance.errors import UnknownTicket
from app.services.payments import requests, settlement
from app.services.payments.errors import BadPayBy
from app.views.base.api_body import Amount, Answer, Body, Choice, Language, Text
from app.views.base.model_views import API_VERBS, ScopedApi, documented

BY_HAND = [p.value for p in PaymentPurpose if p != PaymentPurpose.cod]


class PaymentRequest(Body):
    """What is to be paid; with `ticket` (a tracking number) the request is for that ticket and
    the payer fields not given are its citizen's. The pay link goes by SMS to `payer_mobile`."""

    # the service names what it refuses (cash on delivery is requested by its article)
    purpose = Text(32, required=True, metadata={"enum": BY_HAND})
    amount = Amount(required=True)
    note = Text(50, allow_none=True)
    payer_name = Text(120, allow_none=True)
    payer_mobile = Text(32, allow_none=True)
    payer_language = Language(allow_none=True)
    pay_by = Text(10, allow_none=True, metadata={"format": "date"})
    ticket = Text(32, allow_none=True)


class Reconciliation(Body):
    utr = Text(32, required=True, metadata={"example": "512345678901"})


class PaymentAnswer(Answer):
    id = fields.Integer(required=True)
    ref = fields.String(required=True)
    status = Choice(PaymentStatus, required=True)
    amount = fields.String(required=True)
    upi_uri = fields.String(required=True)


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
    @documented("Request a payment", PaymentAnswer, 201, body=PaymentRequest, refusals=(400, 404))
    def create_payment(self):
        """Request a payment: {"purpose", "amount": "1499.50", "note"}; optionally "payer_name",
        "payer_mobile" (the pay link goes there by SMS), "payer_language", "pay_by" (ISO date),
        and "ticket" (a tracking number): the request is then for that ticket, and the payer
        fields not given are its citizen's."""

        def create():
            body = self.body(PaymentRequest)
            ticket = _ticket(body.get("ticket"))
            payer = requests.payer_of(ticket) if ticket else {}
            for field in ("payer_name", "payer_mobile", "payer_language"):
                if body.get(field):
                    payer[field] = body[field]
            return requests.create(
                body["purpose"],
                body["amount"],
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
    @documented(
        "Record the payer's UTR",
        PaymentAnswer,
        body=Reconciliation,
        refusals=(400, 404, 409),
    )
    def reconcile(self, pk):
        """Record the 12-digit UTR the payer reads out: {"utr"}."""
        payment = self.datamodel.get(pk, self._base_filters)
        if payment is None:
            return self.response_404()

        def reconcile():
            utr = self.body(Reconciliation)["utr"]
            return self._answer(200, settlement.reconcile(payment, utr, acting_user(), "api"))

        return self._answer_errors(reconcile)

    def _answer(self, status: int, payment: Payment):
        return self.response(
            status,
            id=payment.id,
            ref=payment.ref,
            status=payment.status.value,
            amount=str(payment.amount),
            upi_uri=requests.uri(payment),
        )


def _ticket(tracking_no) -> Ticket | None:
    """The ticket of a tracking number, among those the caller may see."""
    if not tracking_no:
        return None
    ticket = tickets.by_tracking_no(str(tracking_no), scoped=True)
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
