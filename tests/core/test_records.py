"""app/core/records.py: what a table would refuse is refused first, naming the fields, and
nothing is written."""

import pytest
from flask_babel import force_locale

from app.core import records
from app.core.digits import native_digits
from app.core.errors import AlreadyTaken, InUse, InvalidBody
from app.extensions import db
from app.models.base import StaffUser
from app.models.grievance.ticket import Ticket
from app.models.org import Category, Department, Officer, Ward
from tests.grievance_helpers import new_ticket


def test_a_record_its_columns_cannot_hold_is_refused_field_by_field(app_ctx):
    taken = db.session.query(Ward.number).first()[0]
    ward = Ward(number=2**40, name="x" * 121, zone="North\x00")
    with pytest.raises(InvalidBody) as refused:
        records.check_saveable(ward)
    assert refused.value.errors == {
        "number": ["Please give a whole number here."],
        "name": ["At most 120 characters."],
        "zone": ["Text cannot contain a NUL character."],
    }
    with pytest.raises(AlreadyTaken) as refused:
        records.check_saveable(Ward(number=taken, name="Copy"))
    assert refused.value.errors == {"number": ["Another record already has this value."]}
    assert str(refused.value) == "Another record already has the same number."


def test_a_related_record_nothing_has_or_a_missing_one_is_named_by_its_relation(app_ctx):
    water = db.session.query(Department).filter_by(code="WATER").one()
    made_up = Category(code="NEW", name="New", department=Department(id=999999))
    with pytest.raises(InvalidBody) as refused:
        records.check_saveable(made_up)
    assert refused.value.errors == {"department": ["No record has the id 999999."]}
    with pytest.raises(InvalidBody) as refused:
        records.check_saveable(Category(code="NEW"))
    assert set(refused.value.errors) == {"name", "department"}
    records.check_saveable(Category(code="NEW", name="New", department=water))
    db.session.rollback()


def test_a_record_others_point_to_is_not_deleted(app_ctx):
    water = db.session.query(Department).filter_by(code="WATER").one()
    with pytest.raises(InUse) as refused:
        records.check_deletable(water)
    assert "2 categories" in str(refused.value)


def test_what_still_uses_a_record_is_counted_in_the_readers_words(app_ctx):
    water = db.session.query(Department).filter_by(code="WATER").one()
    new_ticket("DRAIN", ward=3, phone="+919811188001")  # at least one Water ticket
    users, categories, officers, tickets = (
        db.session.query(model).filter_by(department_id=water.id).count()
        for model in (StaffUser, Category, Officer, Ticket)
    )
    with pytest.raises(InUse) as refused:
        records.check_deletable(water)
    said = str(refused.value)
    assert said == (
        f"This record is still used by {_en(users, 'user')}, "
        f"{_en(categories, 'category', 'categories')}, {_en(officers, 'officer')}, and "
        f"{_en(tickets, 'ticket')}, so it was not deleted."
    )
    fa = {n: native_digits(str(n), "fa") for n in (users, categories, officers, tickets)}
    bn = {n: native_digits(str(n), "bn") for n in (users, categories, officers)}
    for language, words in [
        ("hi", f"{users} उपयोगकर्ता, {categories} श्रेणि"),
        ("bn", f"{bn[users]} জন ব্যবহারকারী, {bn[categories]}টি শ্রেণি, {bn[officers]} জন কর্মকর্তা"),
        (
            "fa",
            f"{fa[users]} کاربر، {fa[categories]} دسته، {fa[officers]} مأمور، "
            f"و {fa[tickets]} درخواست",
        ),
    ]:
        with force_locale(language):
            with pytest.raises(InUse) as refused:
                records.check_deletable(water)
            said = str(refused.value).replace("\u200f", "")  # CLDR marks after "،"
        assert words in said and "user" not in said, said
    assert db.session.get(Department, water.id) is not None


def _en(count: int, word: str, words: str | None = None) -> str:
    return f"{count} {word if count == 1 else words or word + 's'}"


def test_text_someone_else_wrote_is_cut_to_its_column_with_an_ellipsis():
    from app.models.channels import InboundMessage

    column = InboundMessage.sender_name  # 120 characters
    assert records.fit(column, "  Asha \x00 Rao ") == "Asha Rao"
    assert records.fit(column, None) is None and records.fit(column, " ") is None
    cut = records.fit(column, "Venkata " * 20)
    assert len(cut) == 120 and cut.endswith("a…") and cut.startswith("Venkata Venkata")
