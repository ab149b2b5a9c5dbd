"""REST resource `article`: book at the counter, dispatch (sends the OTP), verify the code the
recipient reads out, resend it, record a failed attempt. Scoped like the admin UI, so a
postman reaches only their beat. No answer ever carries a code or the sealed secret."""

from flask_appbuilder.api import expose, protect, safe
from flask_appbuilder.models.sqla.interface import SQLAInterface
from marshmallow import fields

from app.extensions import db
from app.models.postal import Article, ArticleStatus, ArticleType, FailureReason
from app.security.scope import acting_user, is_supervisor
from app.services.postal import articles as postal
from app.services.postal import sms as postal_sms
from app.views.base.api_body import Amount, Answer, Body, Choice, Coordinate, Language, Text, Whole
from app.views.base.model_views import API_VERBS, ScopedApi, documented
from app.views.postal.texts import AFTER_DISPATCH, AFTER_RESEND, code_sms_answer

ARTICLE_FIELDS = [
    "id",
    "tracking_no",
    "article_type",
    "status",
    "recipient_name",
    "address",
    "ward.id",
    "ward.number",
    "weight_g",
    "postage",
    "cod_amount",
    "cod_paid_at",
    "attempt",
    "wrong_entries",
    "failure_reason",
    "booked_at",
    "delivered_at",
]


class Booking(Body):
    """An article at the counter: who sends it, to whom (a mobile for the delivery code), the
    recipient's beat (`ward_id`) and the weight in grams; `cod_amount` for cash on delivery."""

    article_type = Choice(ArticleType, allow_none=True)
    sender_name = Text(120, required=True)
    sender_address = Text(300, allow_none=True)
    recipient_name = Text(120, required=True)
    address = Text(300, required=True)
    mobile = Text(32, required=True)
    language = Language(allow_none=True)
    ward_id = Whole(required=True)
    weight_g = Whole(required=True)
    cod_amount = Amount(allow_none=True)


class Handover(Body):
    """The code the recipient reads out, and where the postman stands."""

    otp = Text(16, required=True)
    latitude = Coordinate(90, allow_none=True)
    longitude = Coordinate(180, allow_none=True)


class FailedAttempt(Body):
    reason = Choice(FailureReason, required=True)


class ArticleBooked(Answer):
    id = fields.Integer(required=True)
    tracking_no = fields.String(required=True)
    postage = fields.String(required=True)
    status = Choice(ArticleStatus, required=True)


class ArticleState(Answer):
    id = fields.Integer(required=True)
    tracking_no = fields.String(required=True)
    status = Choice(ArticleStatus, required=True)
    attempt = fields.Integer(required=True)
    tries_left = fields.Integer(required=True)
    # After a dispatch or resend: what became of the code's SMS, and that in the caller's words.
    code_sms = Choice(postal_sms.STATES)
    message = fields.String()


class ArticleApi(ScopedApi):
    resource_name = "article"
    datamodel = SQLAInterface(Article, db.session)
    list_columns = show_columns = ARTICLE_FIELDS
    add_columns = edit_columns = []
    method_permission_name = {
        **API_VERBS,
        "book": "create",
        "dispatch": "edit",
        "verify_otp": "edit",
        "resend_otp": "edit",
        "fail": "edit",
    }
    include_route_methods = {
        "get",
        "get_list",
        "info",
        "book",
        "dispatch",
        "verify_otp",
        "resend_otp",
        "fail",
    }

    @expose("/", methods=["POST"])
    @protect()
    @safe
    @documented("Book an article", ArticleBooked, 201, body=Booking, refusals=(400,))
    def book(self):
        """Book an article; the answer carries its S10 tracking_no and the postage."""
        return self._answer_errors(lambda: self._book(self.body(Booking)))

    @expose("/<int:pk>/dispatch", methods=["POST"])
    @protect()
    @safe
    @documented("Out for delivery", ArticleState, refusals=(404, 409, 423))
    def dispatch(self, pk):
        """Out for delivery: a new attempt, its code sent to the recipient by SMS."""
        user = acting_user()
        supervisor = is_supervisor(user)
        return self._act(
            pk, lambda article: postal.dispatch(article, user, supervisor), AFTER_DISPATCH
        )

    @expose("/<int:pk>/verify-otp", methods=["POST"])
    @protect()
    @safe
    @documented(
        "Deliver against the code",
        ArticleState,
        body=Handover,
        refusals=(400, 404, 409, 410, 422, 423, 429),
    )
    def verify_otp(self, pk):
        """Deliver against the code the recipient reads out: {"otp", "latitude", "longitude"}."""

        def deliver(article):
            body = self.body(Handover)
            latitude, longitude = body.get("latitude"), body.get("longitude")
            return postal.deliver(article, body["otp"], acting_user(), latitude, longitude)

        return self._act(pk, deliver)

    @expose("/<int:pk>/resend-otp", methods=["POST"])
    @protect()
    @safe
    @documented("Send the code again", ArticleState, refusals=(404, 409, 410, 423, 429))
    def resend_otp(self, pk):
        """Send the same code again (once a minute, three times a day)."""
        return self._act(pk, lambda article: postal.resend(article, acting_user()), AFTER_RESEND)

    @expose("/<int:pk>/fail", methods=["POST"])
    @protect()
    @safe
    @documented(
        "Record a failed attempt", ArticleState, body=FailedAttempt, refusals=(400, 404, 409)
    )
    def fail(self, pk):
        """Record a failed attempt: {"reason": addressee_absent|refused|address_incomplete|
        premises_locked}."""
        return self._act(
            pk,
            lambda article: postal.fail(article, self.body(FailedAttempt)["reason"], acting_user()),
        )

    def _act(self, pk, action, after: dict | None = None):
        """`after`: the sentences saying what became of the code's SMS (dispatch, resend)."""
        article = self.datamodel.get(pk, self._base_filters)
        if article is None:
            return self.response_404()
        return self._answer_errors(lambda: self._state(action(article), after))

    def _book(self, body):
        article = postal.book(body, acting_user())
        return self.response(
            201,
            id=article.id,
            tracking_no=article.tracking_no,
            postage=str(article.postage),
            status=article.status.value,
        )

    def _state(self, article, after: dict | None = None):
        told = {}
        if after is not None:
            state = postal_sms.last_send(article) or postal_sms.SENT
            told = {"code_sms": state, "message": code_sms_answer(after, state)[0]}
        return self.response(
            200,
            id=article.id,
            tracking_no=article.tracking_no,
            status=article.status.value,
            attempt=article.attempt,
            tries_left=postal.tries_left(article),
            **told,
        )
