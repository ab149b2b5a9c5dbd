"""GET requests, one request, tokens and published photos, as an Open311 client reads them:
every filter of the spec, its 90-day window, and no personal data."""

from datetime import UTC, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import update

from app.core.clock import utc_now
from app.extensions import db
from app.models.grievance.ticket import Ticket, TicketPhoto
from app.services.grievance import photos, tickets
from app.services.grievance.tracking import format_tracking_no
from app.services.open311 import georeport as open311
from tests.grievance_helpers import new_ticket
from tests.open311.helpers import BASE, fields, json_of, post, ticket, xml
from tests.photo_helpers import picture

REQUEST_FIELDS = [
    "service_request_id",
    "status",
    "status_notes",
    "service_name",
    "service_code",
    "description",
    "agency_responsible",
    "service_notice",
    "requested_datetime",
    "updated_datetime",
    "expected_datetime",
    "address",
    "address_id",
    "zipcode",
    "lat",
    "long",
    "media_url",
]
REPORTER = {
    "first_name": "Kavita",
    "last_name": "Joshi",
    "email": "kavita.joshi@example.org",
    "phone": "+919812300001",
}


def kolkata(moment) -> str:
    """A stored naive-UTC time as the deployment's zone (Asia/Kolkata) writes it."""
    local = moment.replace(tzinfo=UTC, microsecond=0).astimezone(ZoneInfo("Asia/Kolkata"))
    return local.isoformat()


def posted(app, api_key, **data) -> str:
    answer = post(app.test_client(), api_key, **data)
    assert answer.status_code == 200, answer.text
    return answer.get_json()[0]["service_request_id"]


def backdate(app, tracking_no: str, days: int) -> None:
    with app.app_context():
        created = utc_now() - timedelta(days=days)
        db.session.execute(
            update(Ticket).where(Ticket.tracking_no == tracking_no).values(created_at=created)
        )
        db.session.commit()


def get_json(app, query: str):
    answer = app.test_client().get(f"{BASE}/requests.json?{query}")
    assert answer.status_code == 200, answer.text
    return json_of(answer)


def ids(answer) -> list[str]:
    return [request["service_request_id"] for request in answer]


@pytest.fixture(scope="module")
def drain(app, api_key):
    """A drain report an Open311 client posted, with a photo a clerk added later."""
    number = posted(
        app,
        api_key,
        description="Overflowing since Monday",
        address_string="12 MG Road",
        address_id="ADDR-77",
        **REPORTER,
    )
    with app.test_request_context():
        row = db.session.query(Ticket).filter_by(tracking_no=number).one()
        (photo,) = photos.attach(row, [("drain.png", picture("PNG"))])
        db.session.commit()
        return number, photo.id


def test_a_request_in_json_passes_the_schema_and_says_what_a_client_needs(
    app, schema, drain, api_key
):
    number, photo_id = drain
    answer = app.test_client().get(f"{BASE}/requests/{number}.json?jurisdiction_id=city.gov")
    answer = json_of(answer)
    schema("requests").validate(answer)
    (request,) = answer
    assert list(request) == REQUEST_FIELDS
    row = ticket(app, number)
    assert request["service_request_id"] == number
    assert (request["status"], request["service_code"], request["service_name"]) == (
        "open",
        "DRAIN",
        "Blocked drain",
    )
    assert request["status_notes"] in ("New", "Assigned")
    assert request["description"] == "Overflowing since Monday"
    assert request["agency_responsible"] == "Water & Drainage"
    assert request["service_notice"] == "Water & Drainage aims to resolve this within 24 hours."
    assert request["requested_datetime"] == kolkata(row.created_at)
    assert request["requested_datetime"].endswith("+05:30")
    assert request["expected_datetime"] == kolkata(row.resolution_due)
    assert request["address"] == "12 MG Road, Vijay Nagar, North"
    assert (request["address_id"], request["lat"], request["long"]) == ("ADDR-77", 22.7533, 75.8937)
    assert request["media_url"] == f"http://127.0.0.1:8080/open311/v2/media/{photo_id}.png"


def test_a_request_in_xml(app, drain):
    number, photo_id = drain
    root = xml(app.test_client().get(f"{BASE}/requests/{number}.xml"))
    assert root.tag == "service_requests" and [child.tag for child in root] == ["request"]
    request = fields(root[0])
    assert list(request) == REQUEST_FIELDS
    assert (request["service_request_id"], request["status"], request["lat"]) == (
        number,
        "open",
        "22.7533",
    )
    assert request["zipcode"] == "" and request["agency_responsible"] == "Water & Drainage"
    assert request["media_url"].endswith(f"/media/{photo_id}.png")


def test_the_published_photo_is_served_and_only_that(app, drain):
    number, photo_id = drain
    client = app.test_client()
    served = client.get(f"{BASE}/media/{photo_id}.png")
    assert served.status_code == 200 and served.mimetype == "image/png"
    with app.app_context():
        assert served.data == db.session.get(TicketPhoto, photo_id).data
    assert client.get(f"{BASE}/media/{photo_id}.jpg").status_code == 404
    with app.test_request_context():
        walk_in = new_ticket("DRAIN", ward=3, phone="+919812300009")
        (private,) = photos.attach(walk_in, [("home.jpg", picture())])
        db.session.commit()
        private_id = private.id
    assert client.get(f"{BASE}/media/{private_id}.jpg").status_code == 404


def test_no_personal_data_in_any_get_answer(app, drain):
    number, _ = drain
    client = app.test_client()
    for url in (
        f"{BASE}/requests/{number}.json",
        f"{BASE}/requests/{number}.xml",
        f"{BASE}/requests.json?service_request_id={number}",
        f"{BASE}/requests.xml",
    ):
        body = client.get(url).get_data(as_text=True)
        assert number in body
        for value in ("Kavita", "Joshi", "kavita.joshi", "9812300001"):
            assert value not in body, (url, value)


def test_a_walk_in_shows_its_state_and_ward_but_not_the_citizens_words(app, schema):
    with app.test_request_context():
        row = new_ticket(
            "POTHOLE",
            ward=5,
            phone="+919812300002",
            description="Outside Sunita Rao's house",
            name="Sunita Rao",
            address="House 5, Lane 2",
            latitude=22.69,
            longitude=75.86,
        )
        number = row.tracking_no
    (request,) = get_json(app, f"service_request_id={number}")
    schema("request").validate(request)
    assert request["service_code"] == "POTHOLE" and request["status"] == "open"
    assert request["address"] == "Bhawarkuan, South"  # the ward, as /track shows it
    assert request["description"] is None
    assert (request["lat"], request["long"], request["media_url"]) == (None, None, None)
    body = app.test_client().get(f"{BASE}/requests/{number}.xml").get_data(as_text=True)
    assert "Sunita" not in body and "Lane 2" not in body and "9812300002" not in body


def test_the_list_passes_the_schema_newest_first_within_90_days(app, schema, api_key):
    older, newer = posted(app, api_key), posted(app, api_key)
    backdate(app, older, 2)
    stale = posted(app, api_key)
    backdate(app, stale, 91)
    answer = get_json(app, "")
    schema("requests").validate(answer)
    listed = ids(answer)
    assert listed.index(newer) < listed.index(older)
    assert stale not in listed
    stamps = [request["requested_datetime"] for request in answer]
    assert len(answer) <= 1000 and stamps == sorted(stamps, reverse=True)


def test_the_list_in_xml(app, api_key):
    number = posted(app, api_key)
    root = xml(app.test_client().get(f"{BASE}/requests.xml?jurisdiction_id=city.gov"))
    assert root.tag == "service_requests" and {child.tag for child in root} == {"request"}
    request = next(fields(r) for r in root if r.findtext("service_request_id") == number)
    assert list(request) == REQUEST_FIELDS


def test_at_most_the_limit_newest_first(app, api_key, monkeypatch):
    numbers = [posted(app, api_key) for _ in range(3)]
    monkeypatch.setattr(open311, "MAX_REQUESTS", 2)
    assert ids(get_json(app, "")) == numbers[:0:-1]


def test_service_request_id_overrides_every_other_filter(app, api_key):
    drain, pothole = posted(app, api_key), posted(app, api_key, service_code="POTHOLE")
    backdate(app, pothole, 200)
    listed = get_json(
        app,
        f"service_request_id={drain}, {pothole},JS-0,nonsense"
        "&service_code=GARBAGE&status=closed&start_date=2020-01-01T00:00:00Z",
    )
    assert sorted(ids(listed)) == sorted([drain, pothole])


def test_service_code_takes_a_comma_list(app, api_key):
    drain, pothole = posted(app, api_key), posted(app, api_key, service_code="POTHOLE")
    garbage = posted(app, api_key, service_code="GARBAGE")
    listed = get_json(app, "service_code=POTHOLE,GARBAGE")
    assert {r["service_code"] for r in listed} <= {"POTHOLE", "GARBAGE"}
    assert pothole in ids(listed) and garbage in ids(listed) and drain not in ids(listed)
    assert get_json(app, "service_code=NO-SUCH") == []


def test_status_open_closed_and_the_close_time(app, api_key):
    done, still_open = posted(app, api_key), posted(app, api_key)
    with app.test_request_context():
        row = db.session.query(Ticket).filter_by(tracking_no=done).one()
        tickets.transition(row, "resolved", note="Cleared")
        resolved_at = row.resolved_at
    closed = get_json(app, "status=closed")
    assert done in ids(closed) and still_open not in ids(closed)
    assert {r["status"] for r in closed} == {"closed"}
    request = next(r for r in closed if r["service_request_id"] == done)
    assert request["updated_datetime"] == kolkata(resolved_at)
    assert request["status_notes"] == "Resolved" and request["service_notice"] is None
    opened = get_json(app, "status=open")
    assert still_open in ids(opened) and done not in ids(opened)
    assert {r["status"] for r in opened} == {"open"}
    both = ids(get_json(app, "status=open,closed"))
    assert done in both and still_open in both


def test_start_and_end_date_pick_the_window(app, api_key):
    number = posted(app, api_key)
    backdate(app, number, 100)
    day = (utc_now() - timedelta(days=100)).date()
    start, end = day - timedelta(days=2), day + timedelta(days=2)
    assert number in ids(get_json(app, f"start_date={start}T00:00:00Z&end_date={end}T00:00:00Z"))
    assert number in ids(get_json(app, f"start_date={start}T05:30:00%2B05:30"))  # + 90 days
    assert number in ids(get_json(app, f"start_date={start}T05:30:00+05:30"))  # "+" unescaped
    assert number in ids(get_json(app, f"end_date={end}T00:00:00Z"))  # - 90 days
    later = day + timedelta(days=1)
    assert number not in ids(get_json(app, f"start_date={later}T00:00:00Z"))
    assert number not in ids(get_json(app, f"end_date={start}T00:00:00Z"))


def test_empty_arguments_count_as_absent(app, api_key):
    number = posted(app, api_key)
    listed = get_json(app, "service_request_id=&service_code=&status=&start_date=&end_date=")
    assert number in ids(listed)


@pytest.mark.parametrize(
    ("query", "description"),
    [
        (
            "start_date=2025-01-01T00:00:00Z&end_date=2025-04-02T00:00:00Z",
            "start_date and end_date may be at most 90 days apart",
        ),
        (
            "start_date=2025-02-01T00:00:00Z&end_date=2025-01-01T00:00:00Z",
            "end_date must not be before start_date",
        ),
        (
            "start_date=yesterday",
            "start_date must be a W3C date-time, e.g. 2025-01-01T00:00:00Z",
        ),
        ("status=pending", "status must be open, closed or both (comma-separated)"),
    ],
)
@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_bad_arguments_are_400_with_an_error_list(app, query, description, fmt):
    answer = app.test_client().get(f"{BASE}/requests.{fmt}?{query}")
    assert answer.status_code == 400
    if fmt == "json":
        assert json_of(answer) == [{"code": 400, "description": description}]
    else:
        root = xml(answer)
        assert root.tag == "errors"
        assert [fields(e) for e in root] == [{"code": "400", "description": description}]


@pytest.mark.parametrize("fmt", ["json", "xml"])
@pytest.mark.parametrize("number", [format_tracking_no(987654321), "JS-12", "no-such"])
def test_an_unknown_request_is_404_with_an_error_list(app, fmt, number):
    answer = app.test_client().get(f"{BASE}/requests/{number}.{fmt}")
    assert answer.status_code == 404
    description = f"No service request has the id {number!r}"
    if fmt == "json":
        assert json_of(answer) == [{"code": 404, "description": description}]
    else:
        assert [fields(e) for e in xml(answer)] == [{"code": "404", "description": description}]


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_tokens_are_never_issued_so_every_token_is_404(app, fmt):
    answer = app.test_client().get(f"{BASE}/tokens/abc123.{fmt}?jurisdiction_id=city.gov")
    assert answer.status_code == 404
    description = "No service request has the token 'abc123'"
    if fmt == "json":
        assert json_of(answer) == [{"code": 404, "description": description}]
    else:
        root = xml(answer)
        assert root.tag == "errors"
        assert [fields(e) for e in root] == [{"code": "404", "description": description}]


def test_get_answers_may_be_read_by_browser_apps(app):
    answer = app.test_client().get(f"{BASE}/services.json")
    assert answer.headers["Access-Control-Allow-Origin"] == "*"
