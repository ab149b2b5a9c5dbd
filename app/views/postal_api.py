"""REST resource `article`: book at the counter, dispatch (sends the OTP), verify the code the
recipient reads out, resend it, record a failed attempt. Scoped like the admin UI, so a
postman reaches only their beat. No answer ever carries a code or the sealed secret."""

from flask import request
from flask_appbuilder.api import expose, protect, safe
from flask_appbuilder.models.sqla.interface import SQLAInterface

from app.extensions import db
from app.models.postal import Article
from app.security.scope import acting_user, is_supervisor
from app.services import postal
from app.views.base import API_VERBS, ScopedApi

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
    def book(self):
        """Book an article; the answer carries its S10 tracking_no and the postage."""
        return self._answer_errors(self._book, request.get_json(silent=True) or {})

    @expose("/<int:pk>/dispatch", methods=["POST"])
    @protect()
    @safe
    def dispatch(self, pk):
        """Out for delivery: a new attempt, its code sent to the recipient by SMS."""
        user = acting_user()
        supervisor = is_supervisor(user)
        return self._act(pk, lambda article: postal.dispatch(article, user, supervisor))

    @expose("/<int:pk>/verify-otp", methods=["POST"])
    @protect()
    @safe
    def verify_otp(self, pk):
        """Deliver against the code the recipient reads out: {"otp", "latitude", "longitude"}."""
        body = request.get_json(silent=True) or {}
        return self._act(
            pk,
            lambda article: postal.deliver(
                article,
                str(body.get("otp", "")),
                acting_user(),
                body.get("latitude"),
                body.get("longitude"),
            ),
        )

    @expose("/<int:pk>/resend-otp", methods=["POST"])
    @protect()
    @safe
    def resend_otp(self, pk):
        """Send the same code again (once a minute, three times a day)."""
        return self._act(pk, lambda article: postal.resend(article, acting_user()))

    @expose("/<int:pk>/fail", methods=["POST"])
    @protect()
    @safe
    def fail(self, pk):
        """Record a failed attempt: {"reason": addressee_absent|refused|address_incomplete|
        premises_locked}."""
        reason = str((request.get_json(silent=True) or {}).get("reason", ""))
        return self._act(pk, lambda article: postal.fail(article, reason, acting_user()))

    def _act(self, pk, action):
        article = self.datamodel.get(pk, self._base_filters)
        if article is None:
            return self.response_404()
        return self._answer_errors(lambda: self._state(action(article)))

    def _book(self, body):
        article = postal.book(body, acting_user())
        return self.response(
            201,
            id=article.id,
            tracking_no=article.tracking_no,
            postage=str(article.postage),
            status=article.status.value,
        )

    def _state(self, article):
        return self.response(
            200,
            id=article.id,
            tracking_no=article.tracking_no,
            status=article.status.value,
            attempt=article.attempt,
            tries_left=postal.tries_left(article),
        )
