"""Site-wide pages and hooks: health check, language choice, error pages, security headers."""

from urllib.parse import urlsplit

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    jsonify,
    render_template,
    request,
    send_from_directory,
    session,
)
from flask_babel import get_locale, get_translations
from flask_babel import gettext as _
from flask_login import current_user, user_logged_in
from werkzeug.exceptions import HTTPException

from app.core import bidi, languages
from app.core.dates import (
    local_date,
    local_datetime,
    local_decimal,
    local_number,
    solar_hijri_input,
)
from app.core.errors import JanSevaError
from app.services.base import health

bp = Blueprint("system", __name__)


@bp.route("/healthz")
def healthz():
    report, healthy = health.check()
    return jsonify(report), 200 if healthy else 503


@bp.route("/metrics")
def metrics():
    return Response(health.metrics_text(), mimetype="text/plain")


@bp.route("/favicon.ico")
def favicon():
    """Browsers ask for it on every site; app/static/favicon.svg drawn at 16-64 px."""
    return send_from_directory(
        current_app.static_folder, "favicon.ico", mimetype="image/vnd.microsoft.icon", max_age=86400
    )


@bp.before_app_request
def refuse_large_bodies():
    """A body larger than MAX_CONTENT_LENGTH is refused here, before a view reads it (Flask
    would refuse it too, but only once a view reads it, and an API view's error wrapper turns
    that refusal into a 500): from its Content-Length, or, sent in chunks without one, by
    reading it here within the limit (what the view would have read anyway)."""
    limit = current_app.config["MAX_CONTENT_LENGTH"]
    if (request.content_length or 0) > limit:
        abort(413)
    chunked = "chunked" in request.headers.get("Transfer-Encoding", "").lower()
    # The stream stops reading at the limit: a body that fills it is one that passes it.
    if chunked and request.content_length is None and len(request.get_data(cache=True)) >= limit:
        abort(413)


@bp.before_app_request
def language_from_query():
    """`?lang=fa` on any page switches this browser's language (public pages link this way); a
    GET stores nothing, so a link cannot rewrite a login's remembered language."""
    code = request.args.get("lang")
    if languages.supported(code):
        languages.choose(code)


class _OurCatalog:
    """WTForms' own messages ("This field is required.") read from our catalogs: Flask-WTF
    otherwise loads WTForms' bundled ones, which have no Hindi or Bengali."""

    def ugettext(self, string: str) -> str:
        return get_translations().ugettext(string)

    def ungettext(self, singular: str, plural: str, n: int) -> str:
        return get_translations().ungettext(singular, plural, n)


@bp.before_app_request
def form_messages_from_our_catalog():
    request.wtforms_translations = _OurCatalog()  # Flask-WTF's per-request cache of them


@bp.after_app_request
def remember_language_switch(response):
    """FAB's /lang/<code> (a GET, as the contract and FAB's flag menu have it) sets the session;
    the login remembers the choice only when it was made on one of our own pages (the flag
    menu), never from a link elsewhere."""
    if (
        request.endpoint == "LocaleView.index"
        and response.status_code == 302
        and _navigated_from_our_own_page()
    ):
        languages.choose(session.get("locale", "en"), current_user)
    return response


def _navigated_from_our_own_page() -> bool:
    """What the browser says of where the click came from: Sec-Fetch-Site, or in browsers
    without it the Referer (a link on another site, in a message or typed: not remembered)."""
    site = request.headers.get("Sec-Fetch-Site")
    if site is not None:
        return site == "same-origin"
    referrer = urlsplit(request.referrer or "")
    return bool(referrer.netloc) and referrer.netloc == request.host


@user_logged_in.connect
def restore_language(sender, user, **extra):
    languages.restore(user)


bp.add_app_template_filter(local_datetime, "local_datetime")
bp.add_app_template_filter(local_date, "local_date")
bp.add_app_template_filter(local_decimal, "local_decimal")
bp.add_app_template_filter(local_number, "local_number")
bp.add_app_template_filter(solar_hijri_input, "solar_hijri_input")
# Every run of user or record text printed inside a sentence or a right-to-left page
bp.add_app_template_filter(bidi.bdi, "bdi")


@bp.app_context_processor
def page_direction():
    code = str(get_locale() or "en")
    return {"page_lang": code, "page_dir": "rtl" if languages.is_rtl(code) else "ltr"}


def _wants_json() -> bool:
    return (
        request.path.startswith(("/api/", "/webhooks/"))
        or request.path.endswith(".json")
        or request.accept_mimetypes.best == "application/json"
    )


def error_page(status: int, message: str):
    if _wants_json():
        return jsonify({"message": message}), status
    return render_template("base/error.html", status=status, message=message), status


@bp.app_errorhandler(JanSevaError)
def domain_error(error: JanSevaError):
    return error_page(error.status, str(error))


@bp.app_errorhandler(403)
def forbidden(_error):
    return error_page(403, _("You do not have permission to open this page."))


@bp.app_errorhandler(413)
def too_large(_error):
    limit = current_app.config["MAX_CONTENT_LENGTH"] // (1024 * 1024)
    return error_page(
        413,
        _("What you sent is too large: at most %(limit)s MB in all.", limit=local_number(limit)),
    )


@bp.app_errorhandler(404)
def not_found(_error):
    return error_page(404, _("The page you asked for does not exist."))


@bp.app_errorhandler(405)
def method_not_allowed(error):
    """In the API, `/ward/abc` names no record (GET is routed for `/ward/<int:pk>` only, PUT
    and DELETE for any `/ward/<pk>`): a 404. Another refused method is a 405 in JSON."""
    if not request.path.startswith("/api/"):
        return error
    if _an_id_would_match(request.path, request.method):
        return not_found(error)
    return error_page(405, _("This address does not accept %(method)s.", method=request.method))


def _an_id_would_match(path: str, method: str) -> bool:
    adapter = current_app.url_map.bind("localhost")
    segments = path.split("/")
    for i, segment in enumerate(segments):
        if segment and segment != "1":
            try:
                adapter.match("/".join([*segments[:i], "1", *segments[i + 1 :]]), method)
            except HTTPException:
                continue
            return True
    return False
