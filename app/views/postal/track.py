"""`/track/<S10 number>`: anyone with the number sees where the article is; no name, mobile
or address. Numbers in the S10 shape are routed here before the grievance desk's tracker."""

from flask import Blueprint, abort, render_template
from werkzeug.routing import BaseConverter

from app.extensions import db
from app.models.postal import Article
from app.services.postal import sms as postal_sms
from app.services.postal.s10 import parse_article_number
from app.views.postal.texts import article_event_text, status_label, type_label

bp = Blueprint("postal_track", __name__)


class ArticleNumberConverter(BaseConverter):
    regex = r"[A-Za-z]{2}[0-9]{9}[A-Za-z]{2}"
    weight = 50  # tried before a plain string, like Werkzeug's own number converters


@bp.record_once
def _register_converter(state):
    state.app.url_map.converters["s10"] = ArticleNumberConverter


@bp.route("/track/<s10:number>")
def track(number: str):
    article = db.session.query(Article).filter_by(tracking_no=parse_article_number(number)).first()
    if article is None:
        abort(404)
    sms = postal_sms.sends(article)
    events = [(event, article_event_text(event, sms)) for event in article.events if event.public]
    return render_template(
        "postal/track.html",
        article=article,
        events=events,
        status=status_label(article.status),
        kind=type_label(article.article_type),
    )
