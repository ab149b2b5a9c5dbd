"""One look-up of a ticket by its tracking number, the one every caller uses (the track page,
the portal, the chatbot, e-mail threads, Open311, the payments API): a malformed number is
refused with the citizen's message, an unknown one finds nothing, a known one its ticket."""

import pytest

from app.extensions import db
from app.models.base import StaffUser
from app.security import scope
from app.services.grievance import tickets
from app.services.grievance.errors import BadTrackingNumber
from app.services.grievance.tracking import format_tracking_no
from tests.grievance_helpers import new_ticket


@pytest.mark.parametrize("typo", ["JS-12341", "JS-", "hello", "", "JS-1" + "0" * 30])
def test_a_malformed_number_is_refused_with_the_message_to_check_the_digits(app_ctx, typo):
    with pytest.raises(BadTrackingNumber) as refused:
        tickets.by_tracking_no(typo)
    assert "is not a valid tracking number: please check the digits." in str(refused.value)


def test_a_well_formed_number_no_ticket_has_finds_nothing(app_ctx):
    assert tickets.by_tracking_no(format_tracking_no(987_654_321)) is None


def test_a_known_number_finds_its_ticket_however_it_is_typed(app_ctx):
    ticket = new_ticket("DRAIN", ward=3)
    number = ticket.tracking_no
    digits = number.split("-", 1)[1]
    devanagari = "".join("०१२३४५६७८९"[int(digit)] for digit in digits)
    for typed in (number, number.lower(), f" {digits[:-1]} {digits[-1]} ", f"js-{devanagari}"):
        assert tickets.by_tracking_no(typed) == ticket, typed


def test_scoped_it_finds_only_a_ticket_the_acting_user_may_see(app_ctx, monkeypatch):
    ticket = new_ticket("DRAIN", ward=3)  # the water department's
    staff = {user.username: user for user in db.session.query(StaffUser)}
    monkeypatch.setattr(scope, "acting_user", lambda: staff["clerk_water"])
    assert tickets.by_tracking_no(ticket.tracking_no, scoped=True) == ticket
    monkeypatch.setattr(scope, "acting_user", lambda: staff["clerk_roads"])
    assert tickets.by_tracking_no(ticket.tracking_no, scoped=True) is None
    assert tickets.by_tracking_no(ticket.tracking_no) == ticket  # unscoped: anyone's
    with pytest.raises(BadTrackingNumber):
        tickets.by_tracking_no("JS-12341", scoped=True)


def test_a_list_of_numbers_names_the_ids_of_the_well_formed_ones(app_ctx):
    ticket = new_ticket("DRAIN", ward=3)
    numbers = [ticket.tracking_no, "JS-12341", format_tracking_no(987_654_321), "hello"]
    assert tickets.ids_by_tracking_no(numbers) == [ticket.id, 987_654_321]
