"""Staff merge duplicate citizens; an officer's "My tickets" lists their open tickets."""

from app.extensions import db
from app.models.grievance.citizen import Citizen
from app.services.grievance import citizens, tickets
from tests.conftest import csrf_token, login
from tests.grievance_helpers import new_ticket
from tests.i18n_helpers import visible_text

MINE = "/myticketview/list/?_flt_0_tracking_no="


def test_clerk_merges_duplicates_and_sees_one_history(app):
    with app.test_request_context():
        by_phone = new_ticket("DRAIN", ward=2, phone="+919855500001")
        by_mail = tickets.create_ticket(
            category_id=by_phone.category_id,
            description="Still blocked",
            contact={"email": "meena@example.org"},
            channel="email",
            name="Meena",
        )
        first, second = by_phone.citizen_id, by_mail.citizen_id
        numbers = by_phone.tracking_no, by_mail.tracking_no
    client = login(app, "clerk_water")
    token = csrf_token(client, "/citizenview/list/")
    page = client.post(
        "/citizenview/action_post",
        data={"csrf_token": token, "action": "merge", "rowid": [str(second), str(first)]},
        follow_redirects=True,
    )
    assert "Merged 2 records into Meena." in visible_text(page.text)
    assert all(number in page.text for number in numbers)  # one history, both tickets
    listed = client.get("/citizenview/list/?_flt_0_name=Meena").text
    assert f"/citizenview/show/{first}" in listed and f"/citizenview/show/{second}" not in listed
    moved = client.get(f"/citizenview/show/{second}")  # the old record leads to the survivor
    assert moved.status_code == 302 and moved.location.endswith(f"/citizenview/show/{first}")
    ticket_page = visible_text(client.get(f"/ticketview/show/{by_mail.id}").text)
    assert f"Citizen record #{second} merged into #{first}." in ticket_page
    with app.app_context():
        survivor = db.session.get(Citizen, first)
        assert (survivor.phone, survivor.email) == ("+919855500001", "meena@example.org")
        again = citizens.find_or_create({"email": "meena@example.org"})
        assert again.id == first


def test_merging_one_record_is_refused_in_the_users_language(app):
    with app.test_request_context():
        pk = new_ticket("DRAIN", ward=2, phone="+919855500002").citizen_id
    client = login(app, "clerk_water", "hi")
    token = csrf_token(client, "/citizenview/list/")
    page = client.post(
        "/citizenview/action_post",
        data={"csrf_token": token, "action": "merge", "rowid": [str(pk)]},
        follow_redirects=True,
    )
    assert "कम से कम दो" in page.text  # "at least two"
    with app.app_context():
        assert db.session.get(Citizen, pk).merged_into_id is None


def test_an_officer_may_not_merge(app):
    with app.test_request_context():
        ticket = new_ticket("DRAIN", ward=2, phone="+919855500003")
        pk = ticket.citizen_id
    client = login(app, "officer_water")
    token = csrf_token(client, "/ticketview/list/")
    answer = client.post(
        "/citizenview/action_post",
        data={"csrf_token": token, "action": "merge", "rowid": [str(pk)]},
    )
    assert answer.status_code in (302, 403)
    with app.app_context():
        assert db.session.get(Citizen, pk).merged_into_id is None


def test_my_tickets_lists_the_officers_open_tickets_only(app):
    with app.test_request_context():
        mine = new_ticket("DRAIN", ward=2, phone="+919855500004")
        done = new_ticket("DRAIN", ward=2, phone="+919855500005")
        tickets.transition(done, "resolved", note="Cleared")
        elsewhere = new_ticket("POTHOLE", ward=2, phone="+919855500006")
        assert elsewhere.assignee_id != mine.assignee_id  # the roads queue
        officer_user = mine.assignee.user.username
        numbers = [(t.tracking_no, t.id) for t in (mine, done, elsewhere)]
    officer = login(app, officer_user)
    assert "My tickets" in officer.get("/myticketview/list/").text
    found = [f"/show/{pk}" in officer.get(f"{MINE}{no}").text for no, pk in numbers]
    assert found == [True, False, False]
    (no, pk) = numbers[0]
    assert f"/show/{pk}" not in login(app, "clerk_water").get(f"{MINE}{no}").text  # holds none


def test_clerk_filters_the_ticket_list_by_sla_state(app):
    from datetime import timedelta

    from app.services.grievance import sla_sweep
    from app.views.grievance.tickets import TicketView

    with app.test_request_context():
        late = new_ticket("DRAIN", ward=2, phone="+919855500007")
        sla_sweep.sweep(late.created_at + timedelta(minutes=31))
        on_time = new_ticket("DRAIN", ward=2, phone="+919855500008")
        late_id, on_time_id = late.id, on_time.id
    view = next(v for v in app.appbuilder.baseviews if type(v) is TicketView)
    names = [str(f.name) for f in view._filters.get_search_filters()["resolution_due"]]
    breached, on_track = (
        names.index("SLA breached (any target)"),
        names.index("SLA on track (open, nothing breached)"),
    )
    client = login(app, "clerk_water")

    def listed(index):
        page = client.get(f"/ticketview/list/?_flt_{index}_resolution_due=&psize_TicketView=100")
        return f"/show/{late_id}" in page.text, f"/show/{on_time_id}" in page.text

    assert listed(breached) == (True, False)
    assert listed(on_track) == (False, True)
