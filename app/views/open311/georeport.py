"""Open311 GeoReport v2 at /open311/v2/: parse, call app/services/open311*.py, render the answer
as the URL's suffix asks (.xml or .json). Clients post with an API key instead of a session,
so the blueprint is exempt from CSRF; jurisdiction_id is accepted and ignored (one city)."""

from flask import Blueprint, Response, abort, request

from app.extensions import csrf
from app.services.open311 import georeport as open311
from app.services.open311 import intake as open311_intake
from app.services.open311.georeport import Open311Error
from app.views.open311.format import render

bp = Blueprint("open311", __name__, url_prefix="/open311/v2")
csrf.exempt(bp)

FMT = "<any(json,xml):fmt>"


@bp.route(f"/discovery.{FMT}")
def discovery(fmt: str):
    return render(fmt, open311.discovery(), "discovery")


@bp.route(f"/services.{FMT}")
def services(fmt: str):
    return render(fmt, open311.services(), "services")


@bp.route(f"/services/<code>.{FMT}")
def service_definition(code: str, fmt: str):
    return render(fmt, open311.definition(code), "service_definition")


@bp.route(f"/requests.{FMT}", methods=["GET"])
def requests(fmt: str):
    return render(fmt, open311.find_requests(request.args.to_dict()), "service_requests")


@bp.route(f"/requests.{FMT}", methods=["POST"])
def post_request(fmt: str):
    uploads = [(f.filename or name, f.read()) for name, f in request.files.items(multi=True)]
    created = open311_intake.submit(request.form.to_dict(flat=False), uploads)
    return render(fmt, [created], "service_requests")


@bp.route(f"/requests/<number>.{FMT}")
def one_request(number: str, fmt: str):
    return render(fmt, open311.one_request(number), "service_requests")


@bp.route(f"/tokens/<value>.{FMT}")
def token(value: str, fmt: str):
    return render(fmt, open311.token(value), "service_requests")


@bp.route("/media/<int:photo_id>.<any(jpg,png,webp):extension>")
def media(photo_id: int, extension: str):
    photo = open311.photo(photo_id, extension)
    if photo is None:
        abort(404)
    return Response(photo.data, content_type=photo.content_type)


@bp.errorhandler(Open311Error)
def open311_error(error: Open311Error):
    fmt = (request.view_args or {}).get("fmt", "xml")
    return render(fmt, error.errors, "errors", status=error.status)


@bp.after_request
def readable_anywhere(response):
    """The read side is public data: browser apps on other sites may fetch it."""
    if request.method == "GET":
        response.headers["Access-Control-Allow-Origin"] = "*"
    return response
