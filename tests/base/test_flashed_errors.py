"""A screen action the services refuse: the user's error shows as a red message, nothing of
the attempt is saved, and any other failure is not mistaken for the user's."""

import pytest
from flask import get_flashed_messages

from app.core.bidi import bdi
from app.extensions import db
from app.models.org import Category
from app.services.grievance.errors import BadTrackingNumber
from app.views.base.flashes import flashed_errors

REFUSED = "JS-1 is not a valid tracking number: please check the digits."


def test_a_refused_action_is_flashed_and_nothing_of_it_is_saved(app_ctx):
    category = db.session.query(Category).filter_by(code="DRAIN").one()
    name = category.name
    with flashed_errors() as refused:
        category.name = "Changed by the refused action"
        db.session.flush()
        raise BadTrackingNumber(value="JS-1")
    assert isinstance(refused.error, BadTrackingNumber)
    assert get_flashed_messages(with_categories=True) == [("danger", REFUSED)]
    assert db.session.get(Category, category.id).name == name


def test_an_action_that_goes_through_flashes_nothing(app_ctx):
    with flashed_errors() as refused:
        done = True
    assert done and refused.error is None
    assert get_flashed_messages() == []


def test_the_message_can_name_the_record_it_is_about(app_ctx):
    with flashed_errors(about=bdi("EE123456789IN")):
        raise BadTrackingNumber(value="JS-1")
    ((category, message),) = get_flashed_messages(with_categories=True)
    assert category == "danger"
    assert message == bdi("EE123456789IN") + ": " + REFUSED


def test_another_failure_is_not_taken_for_the_users_error(app_ctx):
    with pytest.raises(ZeroDivisionError), flashed_errors():
        1 / 0  # noqa: B018
    assert get_flashed_messages() == []
