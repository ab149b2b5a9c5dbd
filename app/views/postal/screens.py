"""The post office in the admin UI: booking at the counter, the receipt, articles, the tariff."""

from flask import flash, redirect, url_for
from flask_appbuilder import expose
from flask_appbuilder.models.sqla.interface import SQLAInterface
from flask_appbuilder.security.decorators import has_access
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from app.core.dates import local_datetime, local_decimal, local_number
from app.extensions import db
from app.models.org import Ward
from app.models.postal import Article, ArticleStatus, Tariff
from app.security.scope import acting_user, is_supervisor, restrict
from app.services.postal import articles as postal
from app.services.postal import sms as postal_sms
from app.views.base.flashes import flashed_errors
from app.views.base.model_views import ScopedModelView
from app.views.postal.forms import BookArticleForm
from app.views.postal.texts import (
    AFTER_DISPATCH,
    article_event_text,
    code_sms_answer,
    status_label,
    type_label,
)

ARTICLE_LABELS = {
    "tracking_no": _l("Article number"),
    "article_type": _l("Article"),
    "sender_name": _l("Sender"),
    "recipient_name": _l("Recipient"),
    "address": _l("Delivery address"),
    "ward": _l("Beat (ward)"),
    "weight_g": _l("Weight (grams)"),
    "postage": _l("Postage"),
    "cod_amount": _l("Cash on delivery (₹)"),
    "status": _l("Status"),
    "attempt": _l("Delivery attempt"),
    "booked_at": _l("Booked"),
    "delivered_at": _l("Delivered"),
}


class ArticleView(ScopedModelView):
    datamodel = SQLAInterface(Article, db.session)
    list_title = _l("Articles")
    show_title = _l("Article")
    list_columns = ["tracking_no", "article_type", "recipient_name", "ward", "status", "booked_at"]
    search_columns = ["tracking_no", "status", "ward", "article_type", "booked_at"]
    order_columns = ["tracking_no", "status", "booked_at"]
    base_order = ("id", "desc")
    label_columns = ARTICLE_LABELS
    formatters_columns = {"status": status_label, "article_type": type_label}
    show_template = "postal/show.html"
    method_permission_name = {
        **ScopedModelView.method_permission_name,
        "book": "create",
        "receipt": "read",
        "dispatch": "edit",
        "send_on": "edit",
        "return_to_sender": "edit",
    }

    # Articles are booked and moved only through the post office's services.
    @expose("/add", methods=["GET", "POST"])
    @has_access
    def add(self):
        return redirect(url_for(".book"))

    @expose("/edit/<pk>", methods=["GET", "POST"])
    @has_access
    def edit(self, pk):
        return redirect(url_for(".show", pk=pk))

    @expose("/book", methods=["GET", "POST"])
    @has_access
    def book(self):
        form = BookArticleForm()
        wards = restrict(db.session.query(Ward), Ward).order_by(Ward.number)
        form.ward_id.choices = [(ward.id, ward.label()) for ward in wards]
        if form.validate_on_submit():
            fields = {name: field.data for name, field in form._fields.items()}
            with flashed_errors():
                article = postal.book(fields, acting_user())
                return redirect(url_for(".receipt", pk=article.id))
        return self.render_template(
            "base/form.html",
            form=form,
            title=_("Book an article"),
            submit=_("Book and take postage"),
        )

    @expose("/receipt/<pk>")
    @has_access
    def receipt(self, pk):
        article = self.row_or_404(pk)
        return self.render_template(
            "postal/receipt.html",
            article=article,
            type_label=type_label(article.article_type),
            weight=local_number(article.weight_g),
            postage=local_decimal(article.postage),
            cod=local_decimal(article.cod_amount) if article.cod_amount else "",
            booked_at=local_datetime(article.booked_at),
            track_url=url_for("postal_track.track", number=article.tracking_no, _external=True),
        )

    @expose("/show/<pk>", methods=["GET"])
    @has_access
    def show(self, pk):
        article = self.row_or_404(pk)
        return self.show_page(
            pk,
            article,
            article=article,
            events=_history(article),
            can_dispatch=article.status in postal.DISPATCHABLE or postal.is_locked(article),
            can_send_on=article.status == ArticleStatus.booked,
            can_return=article.status in postal.DISPATCHABLE,
        )

    @expose("/dispatch/<pk>", methods=["POST"])
    @has_access
    def dispatch(self, pk):
        article, user = self.row_or_404(pk), acting_user()
        with flashed_errors():
            postal.dispatch(article, user, supervisor=is_supervisor(user))
            # what became of the code's SMS, as the outbox has it
            flash(*code_sms_answer(AFTER_DISPATCH, postal_sms.last_send(article)))
        return redirect(url_for(".show", pk=pk))

    @expose("/send-on/<pk>", methods=["POST"])
    @has_access
    def send_on(self, pk):
        return self.act_on(pk, postal.send_on, _("Sent on to the delivery office."))

    @expose("/return/<pk>", methods=["POST"])
    @has_access
    def return_to_sender(self, pk):
        return self.act_on(pk, postal.return_to_sender, _("Returned to the sender."))


def _history(article: Article) -> list:
    sms = postal_sms.sends(article)
    return [(event, article_event_text(event, sms)) for event in article.events]


class TariffView(ScopedModelView):
    datamodel = SQLAInterface(Tariff, db.session)
    list_title = _l("Tariff")
    list_columns = ["article_type", "max_weight_g", "postage"]
    add_columns = edit_columns = ["article_type", "max_weight_g", "postage"]
    base_order = ("article_type", "asc")
    label_columns = {
        "article_type": _l("Article"),
        "max_weight_g": _l("Up to (grams)"),
        "postage": _l("Postage"),
    }
    formatters_columns = {"article_type": type_label}


PAYMENT_LINK = ("ArticleView.show", Article)  # a COD payment's page links to its article
