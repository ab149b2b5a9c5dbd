"""The Profile page and Security → Users read in Hindi, Bengali and Persian: Flask-AppBuilder's
labels and help texts translated, yes/no, empty values and roles as people say them."""

import re

import pytest

from app.extensions import db
from app.models.base import StaffUser
from tests.conftest import login
from tests.i18n_helpers import in_digits, visible_text

# What each language must show, and the English that must be gone.
WORDS = {
    "hi": {"yes": "हाँ", "admin": "प्रशासक", "clerk": "लिपिक", "first": "पहला नाम"},
    "bn": {"yes": "হ্যাঁ", "admin": "প্রশাসক", "clerk": "করণিক", "first": "নামের প্রথম অংশ"},
    "fa": {"yes": "بله", "admin": "مدیر سامانه", "clerk": "کارمند دفتری", "first": "نام"},
}
ENGLISH = [
    "True",
    "False",
    "None",
    "[Admin]",
    "[Clerk]",
    "First Name",
    "Login Count",
    "Login count",
    "Cancel",
    "The user role on the application",
    "The user group on the application",
]


def user_id(app, username: str) -> int:
    with app.app_context():
        return db.session.query(StaffUser.id).filter_by(username=username).scalar()


def pages(app) -> list[str]:
    clerk, admin = user_id(app, "clerk_water"), user_id(app, "admin")
    return [
        "/users/userinfo/",
        "/users/list/",
        f"/users/show/{admin}",
        f"/users/show/{clerk}",
        f"/users/edit/{clerk}",
        "/users/add",
        f"/resetpassword/form?pk={clerk}",
        "/userinfoeditview/form",
        "/resetmypassword/form",
    ]


@pytest.mark.parametrize("language", ["hi", "bn", "fa"])
def test_user_screens_read_in_the_users_language(app, language):
    client = login(app, "admin", language)
    words = WORDS[language]
    for page in pages(app):
        answer = client.get(page)
        assert answer.status_code == 200, page
        text = visible_text(answer.text)
        for english in ENGLISH:
            assert english not in text, (page, english)
        assert words["first"] in text or "password" in page, page
    profile = visible_text(client.get("/users/userinfo/").text)
    assert words["yes"] in profile and words["admin"] in profile
    listed = visible_text(client.get("/users/list/?psize_StaffUserView=100").text)  # one page
    assert words["clerk"] in listed and words["admin"] in listed
    with app.app_context():
        count = db.session.query(StaffUser).count()  # the demo's logins, the trees' included
    assert re.search(rf"\b{in_digits(count, language)}\b", listed)  # the record count


def test_role_choices_and_language_read_as_words(app):
    client = login(app, "admin", "fa")
    client.get("/lang/fa", headers={"Sec-Fetch-Site": "same-origin"})  # chosen on our page: kept
    form = client.get(f"/users/edit/{user_id(app, 'clerk_water')}").text
    assert ">مدیر سامانه</option>" in form and ">Admin</option>" not in form
    shown = visible_text(client.get(f"/users/show/{user_id(app, 'admin')}").text)
    client.get("/lang/en", headers={"Sec-Fetch-Site": "same-origin"})  # as the other tests find it
    assert "فارسی" in shown  # the remembered language by its name, not "fa"
