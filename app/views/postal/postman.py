"""`/postman/`: the postman's phone page. Today's articles of their beat in delivery order;
at the door the recipient reads out the code and the postman types it. The list stays
readable without network (a service worker keeps the last copy); handing over needs it."""

from datetime import datetime, timedelta

from flask import Response, abort, flash, redirect, request, url_for
from flask_appbuilder import BaseView, expose
from flask_appbuilder.security.decorators import has_access
from flask_babel import gettext as _
from sqlalchemy import or_

from app.core.bidi import bdi
from app.core.clock import utc_now
from app.core.dates import local_decimal
from app.extensions import db
from app.models.org import Ward
from app.models.postal import Article, ArticleStatus
from app.security.scope import acting_user, is_supervisor, restrict
from app.services.postal import articles as postal
from app.services.postal import sms as postal_sms
from app.views.base.flashes import flashed_errors
from app.views.postal.texts import (
    AFTER_DISPATCH,
    AFTER_RESEND,
    ON_THE_BEAT,
    code_sms_answer,
    failure_choices,
    status_label,
    type_label,
)

TO_TAKE_OUT = (ArticleStatus.booked, ArticleStatus.in_transit, ArticleStatus.failed_attempt)


class PostmanView(BaseView):
    route_base = "/postman"
    default_view = "index"
    class_permission_name = "Article"
    method_permission_name = {
        "index": "read",
        "dispatch": "edit",
        "deliver": "edit",
        "resend": "edit",
        "fail": "edit",
    }

    @expose("/")
    @has_access
    def index(self):
        articles = self._beat().order_by(Ward.number, Article.address, Article.id).all()
        since = _start_of_day()
        sections = {
            "out": [a for a in articles if a.status == ArticleStatus.out_for_delivery],
            "take_out": [a for a in articles if a.status in TO_TAKE_OUT],
            "done": [a for a in articles if a.status == ArticleStatus.delivered],
        }
        sections["done"] += [
            a
            for a in articles
            if a.status == ArticleStatus.failed_attempt and (a.attempt_ends_at or since) > since
        ]
        return self.render_template(
            "postal/postman.html",
            sections=sections,
            masked=postal.masked_mobile,
            tries_left=postal.tries_left,
            locked=postal.is_locked,
            status_label=status_label,
            type_label=type_label,
            money=local_decimal,
            failure_choices=failure_choices(),
            rendered_at=utc_now(),
            code_notes={
                article_id: str(ON_THE_BEAT[state])
                for article_id, state in postal_sms.last_sends(sections["out"]).items()
                if state in ON_THE_BEAT
            },
        )

    @expose("/sw.js")
    def service_worker(self):
        script = self.render_template("postal/postman-sw.js")
        return Response(script, mimetype="text/javascript", headers={"Cache-Control": "no-cache"})

    @expose("/<int:pk>/dispatch", methods=["POST"])
    @has_access
    def dispatch(self, pk):
        supervisor = is_supervisor(acting_user())
        return self._act(
            pk,
            lambda a: postal.dispatch(a, acting_user(), supervisor),
            lambda a: code_sms_answer(AFTER_DISPATCH, postal_sms.last_send(a)),
        )

    @expose("/<int:pk>/deliver", methods=["POST"])
    @has_access
    def deliver(self, pk):
        form = request.form
        return self._act(
            pk,
            lambda a: postal.deliver(
                a, form.get("otp", ""), acting_user(), form.get("latitude"), form.get("longitude")
            ),
            _("Delivered."),
        )

    @expose("/<int:pk>/resend", methods=["POST"])
    @has_access
    def resend(self, pk):
        return self._act(
            pk,
            lambda a: postal.resend(a, acting_user()),
            lambda a: code_sms_answer(AFTER_RESEND, postal_sms.last_send(a)),
        )

    @expose("/<int:pk>/fail", methods=["POST"])
    @has_access
    def fail(self, pk):
        reason = request.form.get("reason", "")
        return self._act(
            pk, lambda a: postal.fail(a, reason, acting_user()), _("Failed attempt recorded.")
        )

    def _act(self, pk, action, done):
        """`done`: what to say, or a function of the article giving (sentence, category)."""
        article = self._beat().filter(Article.id == pk).first()
        if article is None:
            abort(404)
        with flashed_errors(about=bdi(article.tracking_no)):
            action(article)
            flash(*(done(article) if callable(done) else (done, "success")))
        return redirect(url_for(".index", _anchor=f"article-{pk}"))

    def _beat(self):
        """The articles this user may see (a postman: their beat), still to do or done today."""
        since = _start_of_day()
        query = db.session.query(Article).join(Ward, Ward.id == Article.ward_id)
        current = or_(
            Article.status.in_([*TO_TAKE_OUT, ArticleStatus.out_for_delivery]),
            Article.delivered_at >= since,
        )
        return restrict(query, Article).filter(current)


def _start_of_day() -> datetime:
    return postal.end_of_delivery_day(utc_now()) - timedelta(days=1)
