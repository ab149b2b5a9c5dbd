"""Any user switches language from any page; the choice is remembered on their login; Persian
pages are right-to-left; Hindi and Bengali show Flask-AppBuilder's own buttons translated."""

import pytest

from app.extensions import db
from app.models.base import StaffUser
from tests.conftest import csrf_token, login, new_client


def saved_locale(app, username):
    with app.app_context():
        return db.session.query(StaffUser.locale).filter_by(username=username).scalar()


@pytest.fixture()
def reset_locale(app):
    yield
    with app.app_context():
        db.session.query(StaffUser).update({StaffUser.locale: None})
        db.session.commit()


@pytest.mark.parametrize(
    "page",
    ["/", "/departmentview/list/", "/wardview/show/1", "/categoryview/list/", "/users/userinfo/"],
)
def test_every_page_offers_the_four_languages(app, page):
    html = login(app, "auditor", "hi").get(page).text
    for code in ("en", "bn", "fa"):  # the current language is the menu's title
        assert f'href="/lang/{code}"' in html


def test_choice_is_remembered_at_the_next_login(app, reset_locale):
    first = login(app, "clerk_roads")
    # the flag menu: a click on one of our own pages (what the browser says of it)
    assert first.get("/lang/bn", headers={"Sec-Fetch-Site": "same-origin"}).status_code == 302
    assert saved_locale(app, "clerk_roads") == "bn"
    later = login(app, "clerk_roads", language=None)  # a new browser: nothing in its session
    page = later.get("/departmentview/list/").text
    assert 'lang="bn"' in page
    assert "সড়ক" in page  # the department's own Bengali name
    assert "অনুসন্ধান" in page  # FAB's "Search" in Bengali


def test_a_link_switches_the_page_but_never_rewrites_the_remembered_language(app, reset_locale):
    """A GET writes nothing: `?lang=` on any page, or /lang/<code> followed from another site,
    a message or the address bar, switches this browser only."""
    clerk = login(app, "clerk_water")
    clerk.get("/lang/hi", headers={"Sec-Fetch-Site": "same-origin"})
    assert saved_locale(app, "clerk_water") == "hi"
    assert 'lang="fa"' in clerk.get("/ticketview/list/?lang=fa").text
    assert 'lang="fa"' in clerk.get("/ticketview/list/").text  # this browser stays in Persian
    for headers in (
        {"Sec-Fetch-Site": "cross-site"},
        {"Sec-Fetch-Site": "none"},
        {"Referer": "http://evil.example/page"},
        {},
    ):
        assert clerk.get("/lang/bn", headers=headers).status_code == 302
        assert 'lang="bn"' in clerk.get("/ticketview/list/").text
    assert saved_locale(app, "clerk_water") == "hi"
    clerk.get("/lang/en", headers={"Referer": "http://localhost/ticketview/list/"})
    assert saved_locale(app, "clerk_water") == "en"  # a browser that sends no Sec-Fetch-Site


def test_query_parameter_switches_public_pages(app):
    client = new_client(app)
    page = client.get("/login/?lang=hi").text
    assert 'lang="hi"' in page and "उपयोगकर्ता नाम" in page  # "User Name"


def test_persian_is_right_to_left_throughout(app, reset_locale):
    page = login(app, "clerk_water", "fa").get("/officerview/edit/1").text
    assert '<html lang="fa" dir="rtl">' in page
    assert "css/rtl/bootstrap-rtl.min.css" in page
    assert "bootstrap-datepicker3-rtl" in page
    assert "appbuilder/css/bootstrap.min.css" not in page
    assert '"rtl": true' in page  # select2 and datepicker options
    assert "ذخیره" in page  # "Save"


@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("hi", ["नाली जाम", "खोजें", "नया रिकॉर्ड जोड़ें"]),
        ("bn", ["নালা বন্ধ", "অনুসন্ধান"]),
        ("fa", ["گرفتگی جوی و فاضلاب", "جستجو"]),
    ],
)
def test_record_names_and_fab_buttons_follow_the_language(app, reset_locale, language, words):
    page = login(app, "admin", language).get("/categoryview/list/").text
    for word in words:
        assert word in page


def test_english_is_the_fallback_for_untranslated_records(app, restore_demo):
    from app.models.org import Ward

    with app.app_context():
        ward = db.session.query(Ward).filter_by(number=12).one()
        ward.name_bn = None
        db.session.commit()
    page = login(app, "admin", "bn").get("/wardview/list/").text
    assert "Banganga" in page


def test_lists_show_numbers_and_yes_no_in_the_readers_language(app):
    page = login(app, "clerk_water", "bn").get("/categoryview/list/").text
    assert "<td>৩০</td>" in page.replace("\n", "").replace(" ", "")  # 30 minutes, Bengali digits
    assert "হ্যাঁ" in page and "True" not in page
    persian = login(app, "admin", "fa").get("/wardview/list/").text
    assert "۲۲٫۷۱۸۵" in persian  # ward 1's latitude, every decimal kept


@pytest.mark.parametrize(
    "language, required",
    [
        ("hi", "यह फ़ील्ड आवश्यक है।"),
        ("bn", "এই ঘরটি পূরণ করা আবশ্যক।"),
        ("fa", "پر کردن این فیلد الزامی است."),
    ],
)
def test_a_form_left_empty_says_so_in_the_readers_language(app, reset_locale, language, required):
    """WTForms' own messages come from our catalogs: its bundled ones have no Hindi or Bengali."""
    client = login(app, "admin", language)
    token = csrf_token(client, "/departmentview/add")
    page = client.post("/departmentview/add", data={"csrf_token": token, "code": "", "name": ""})
    assert page.status_code == 200 and required in page.text
    assert "This field is required." not in page.text
