"""POST requests: a client with a valid key files a ticket the clerk works like any other; a
missing or revoked key, or a report the spec refuses, creates nothing."""

from datetime import timedelta
from io import BytesIO

import pytest

from app.extensions import db
from app.models.grievance.ticket import SlaTimer, Ticket, TicketEvent
from app.models.open311 import Open311Key, Open311Request
from app.services.open311 import keys as open311_keys
from tests.conftest import login
from tests.open311.helpers import BASE, POINT, fields, json_of, post, ticket_count, xml
from tests.photo_helpers import picture


def created(answer) -> str:
    assert answer.status_code == 200, answer.text
    (request,) = json_of(answer)
    return request["service_request_id"]


def test_a_report_reaches_the_clerks_ticket_list_routed_and_timed(app, api_key):
    answer = post(
        app.test_client(),
        api_key,
        jurisdiction_id="city.gov",
        description="Drain overflowing\nnear the school",
        address_string="12 MG Road",
        first_name="Lata",
        last_name="Menon",
        phone="98123 00003",
        email="Lata.Menon@Example.org",
        account_id="acct-42",
        device_id="dev-7",
        media_url="https://img.example.org/drain.jpg",
        deviceid="ignored-when-device_id-is-given",
        **{"attribute[fixmystreet_id]": "1234"},  # unknown attributes are ignored
    )
    request = json_of(answer)[0]
    assert answer.status_code == 200
    assert set(request) == {"service_request_id", "service_notice", "account_id"}  # no token
    assert request["account_id"] == "acct-42"
    assert request["service_notice"] == "Water & Drainage aims to resolve this within 24 hours."
    number = request["service_request_id"]

    clerk = login(app, "clerk_water")
    assert number in clerk.get("/ticketview/list/").text
    with app.app_context():
        row = db.session.query(Ticket).filter_by(tracking_no=number).one()
        pk = row.id
        assert row.channel == "open311" and row.department.code == "WATER"
        assert row.ward.number == 3  # the ward nearest the point
        assert (row.latitude, row.longitude, row.address) == (22.7533, 75.8937, "12 MG Road")
        assert row.description == "Drain overflowing\nnear the school"
        assert (row.citizen.name, row.citizen.phone, row.citizen.email) == (
            "Lata Menon",
            "+919812300003",
            "lata.menon@example.org",
        )
        assert row.resolution_due - row.created_at == timedelta(hours=24)
        assert db.session.query(SlaTimer).filter_by(ticket_id=pk).count() == 3
        kinds = {e.kind for e in db.session.query(TicketEvent).filter_by(ticket_id=pk)}
        assert {"created", "routed"} <= kinds
        extra = db.session.get(Open311Request, pk)
        assert (extra.account_id, extra.device_id, extra.media_url) == (
            "acct-42",
            "dev-7",
            "https://img.example.org/drain.jpg",
        )
        assert db.session.get(Open311Key, extra.key_id).key_hash == open311_keys.digest(api_key)
    page = clerk.get(f"/ticketview/show/{pk}").text
    assert "Open311" in page and "Drain overflowing" in page
    assert login(app, "clerk_roads").get(f"/ticketview/show/{pk}").status_code == 404


def test_the_posted_media_url_is_the_requests_media_until_a_photo_is_added(app, api_key):
    number = created(post(app.test_client(), api_key, media_url="https://img.example.org/a.jpg"))
    (request,) = app.test_client().get(f"{BASE}/requests/{number}.json").get_json()
    assert request["media_url"] == "https://img.example.org/a.jpg"


def test_photos_of_a_multipart_post_land_on_the_ticket_and_are_published(app, api_key):
    body = {
        "api_key": api_key,
        "service_code": "DRAIN",
        "email": "photo.sender@example.org",
        **POINT,
        "media": (BytesIO(picture("PNG", gps=True)), "drain.png"),
    }
    answer = app.test_client().post(
        f"{BASE}/requests.xml", data=body, content_type="multipart/form-data"
    )
    number = fields(xml(answer)[0])["service_request_id"]
    with app.app_context():
        (photo,) = db.session.query(Ticket).filter_by(tracking_no=number).one().photos
        photo_id = photo.id
    (request,) = app.test_client().get(f"{BASE}/requests/{number}.json").get_json()
    assert request["media_url"] == f"http://127.0.0.1:8080/open311/v2/media/{photo_id}.png"
    assert app.test_client().get(f"{BASE}/media/{photo_id}.png").mimetype == "image/png"


def test_a_file_that_is_no_photo_is_refused_and_creates_nothing(app, api_key):
    before = ticket_count(app)
    body = {
        "api_key": api_key,
        "service_code": "DRAIN",
        "email": "photo.sender@example.org",
        **POINT,
        "media": (BytesIO(b"MZ not an image"), "virus.exe"),
    }
    answer = app.test_client().post(
        f"{BASE}/requests.json", data=body, content_type="multipart/form-data"
    )
    assert answer.status_code == 400
    assert json_of(answer) == [
        {
            "code": 400,
            "description": "virus.exe is not a photo we can take: please send a JPEG, PNG or "
            "WebP image.",
        }
    ]
    assert ticket_count(app) == before


def test_the_answer_in_xml(app, api_key):
    answer = post(app.test_client(), api_key, fmt="xml", account_id="acct-9")
    assert answer.status_code == 200
    root = xml(answer)
    assert root.tag == "service_requests" and [child.tag for child in root] == ["request"]
    request = fields(root[0])
    assert list(request) == ["service_request_id", "service_notice", "account_id"]
    assert request["service_request_id"].startswith("JS-") and request["account_id"] == "acct-9"
    with app.app_context():
        assert db.session.query(Ticket).filter_by(tracking_no=request["service_request_id"]).one()


@pytest.mark.parametrize("fmt", ["json", "xml"])
@pytest.mark.parametrize("key", [None, "", "not-a-key"])
def test_a_missing_or_wrong_key_is_403_and_creates_nothing(app, fmt, key):
    before = ticket_count(app)
    answer = post(app.test_client(), key, fmt=fmt)
    assert answer.status_code == 403
    if fmt == "json":
        assert json_of(answer) == [{"code": 403, "description": "Invalid api_key received"}]
    else:
        root = xml(answer)
        assert root.tag == "errors"
        assert [fields(e) for e in root] == [
            {"code": "403", "description": "Invalid api_key received"}
        ]
    assert ticket_count(app) == before


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_a_revoked_key_is_403_and_creates_nothing(app, fmt):
    with app.app_context():
        row, key = open311_keys.issue("Soon revoked")
        pk = row.id
    assert post(app.test_client(), key).status_code == 200
    with app.app_context():
        open311_keys.revoke([db.session.get(Open311Key, pk)])
    before = ticket_count(app)
    answer = post(app.test_client(), key, fmt=fmt)
    assert answer.status_code == 403
    assert ticket_count(app) == before


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_an_unknown_service_code_is_404(app, api_key, fmt):
    before = ticket_count(app)
    answer = post(app.test_client(), api_key, fmt=fmt, service_code="NO-SUCH")
    assert answer.status_code == 404
    description = "No service has the service_code 'NO-SUCH'"
    if fmt == "json":
        assert json_of(answer) == [{"code": 404, "description": description}]
    else:
        assert [fields(e) for e in xml(answer)] == [{"code": "404", "description": description}]
    assert ticket_count(app) == before


@pytest.mark.parametrize(
    ("data", "descriptions"),
    [
        ({"service_code": ""}, ["service_code is required"]),
        (
            {"lat": None, "long": None},
            ["A location is required: lat and long, address_string or address_id"],
        ),
        ({"long": None}, ["lat and long must be sent together, as WGS84 decimal degrees"]),
        ({"lat": "95"}, ["lat must be within -90..90 and long within -180..180"]),
        (
            {"email": None, "phone": ""},
            ["email or phone is required, so that we can reach the reporter"],
        ),
        ({"email": "not-an-address"}, ["email is not a valid e-mail address"]),
        ({"description": "x" * 4001}, ["description may be at most 4000 characters"]),
        (
            {"media_url": "javascript:alert(1)"},
            ["media_url must be an http or https URL of at most 2000 characters"],
        ),
        ({"phone": "12"}, ["12 is not a valid mobile number."]),
        (
            {"lat": None, "long": None, "email": None},
            [
                "A location is required: lat and long, address_string or address_id",
                "email or phone is required, so that we can reach the reporter",
            ],
        ),
    ],
)
@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_a_refused_report_is_400_with_every_error_and_creates_nothing(
    app, api_key, data, descriptions, fmt
):
    before = ticket_count(app)
    answer = post(app.test_client(), api_key, fmt=fmt, **data)
    assert answer.status_code == 400
    if fmt == "json":
        assert json_of(answer) == [{"code": 400, "description": text} for text in descriptions]
    else:
        root = xml(answer)
        assert root.tag == "errors" and {e.tag for e in root} == {"error"}
        assert [fields(e) for e in root] == [
            {"code": "400", "description": text} for text in descriptions
        ]
    assert ticket_count(app) == before


@pytest.mark.parametrize(
    "location",
    [{"address_string": "Near the Rajwada gate"}, {"address_id": "#NOTPINPOINTED#"}],
)
def test_an_address_alone_is_a_location(app, api_key, location):
    data = {
        "lat": None,
        "long": None,
        "email": f"{len(location)}-{next(iter(location))}@example.org",
    }
    number = created(post(app.test_client(), api_key, **data, **location))
    with app.app_context():
        row = db.session.query(Ticket).filter_by(tracking_no=number).one()
        assert (row.latitude, row.ward_id) == (None, None)
        assert row.address == location.get("address_string")


def test_attribute_answers_are_checked_kept_and_shown_to_the_clerk(app, api_key, pothole_questions):
    answer = post(
        app.test_client(),
        api_key,
        service_code="POTHOLE",
        description="Deep hole",
        **{
            "attribute[SIZE]": "L",
            "attribute[DEPTH]": "12",
            "attribute[CAUSE][]": ["RAIN", "TRUCK"],
        },
    )
    number = created(answer)
    with app.app_context():
        row = db.session.query(Ticket).filter_by(tracking_no=number).one()
        assert db.session.get(Open311Request, row.id).attributes == {
            "DEPTH": "12",
            "SIZE": "L",
            "CAUSE": ["RAIN", "TRUCK"],
        }
        assert row.description.splitlines() == [
            "Deep hole",
            "",
            "Depth in cm: 12",
            "How big is it?: Large",
            "What caused it?: Rain, Heavy trucks",
        ]
        assert row.department.code == "ROADS"


@pytest.mark.parametrize(
    ("answers", "descriptions"),
    [
        ({}, ["attribute[SIZE] is required"]),
        ({"attribute[SIZE]": "XL"}, ["attribute[SIZE] has no value 'XL'"]),
        (
            {"attribute[SIZE]": "S", "attribute[DEPTH]": "deep"},
            ["attribute[DEPTH] must be a number"],
        ),
        (
            {"attribute[SIZE]": ["S", "L"], "attribute[CAUSE][]": ["RAIN", "FLOOD"]},
            ["attribute[SIZE] takes one value", "attribute[CAUSE] has no value 'FLOOD'"],
        ),
    ],
)
def test_bad_attribute_answers_are_400_and_create_nothing(
    app, api_key, pothole_questions, answers, descriptions
):
    before = ticket_count(app)
    answer = post(app.test_client(), api_key, service_code="POTHOLE", **answers)
    assert answer.status_code == 400
    assert json_of(answer) == [{"code": 400, "description": text} for text in descriptions]
    assert ticket_count(app) == before


def test_the_api_key_is_not_checked_against_a_session(app, api_key):
    """Clients post without a CSRF token or login: the key is their credential."""
    client = login(app, "clerk_water")
    assert post(client, api_key).status_code == 200
