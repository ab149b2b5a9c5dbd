"""The chatbot's categories and wards, read once per process: a change made here shows at once,
one made elsewhere (another process, plain SQL) within MAX_AGE."""

from sqlalchemy import text

from app.extensions import db
from app.models.org import Category
from app.services.org import menus


def test_a_category_renamed_through_the_app_shows_in_the_next_menu(app, restore_demo):
    with app.app_context():
        first = menus.current().categories[0]
        category = db.session.get(Category, first.id)
        category.name_hi = "नया नाम"
        db.session.commit()
        assert menus.current().categories[0].localized("hi") == "नया नाम"


def test_a_change_made_elsewhere_shows_once_the_copy_is_max_age_old(app, restore_demo, monkeypatch):
    with app.app_context():
        first = menus.current().categories[0]
        db.session.execute(
            text("UPDATE category SET name_hi = 'बाहर से' WHERE id = :id"), {"id": first.id}
        )
        db.session.commit()
        assert menus.current().categories[0].localized("hi") == first.localized("hi")
        monkeypatch.setattr(menus, "MAX_AGE", 0.0)
        assert menus.current().categories[0].localized("hi") == "बाहर से"
