"""Every catalog is complete: no untranslated or fuzzy entry, placeholders intact (msgfmt
--check), each translation in its own script, and every Flask-AppBuilder string covered."""

import os
import re
import subprocess

import pytest
from babel.messages.pofile import read_po

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SCRIPTS = {
    "hi": re.compile(r"[\u0900-\u097F]"),  # Devanagari
    "bn": re.compile(r"[\u0980-\u09FF]"),  # Bengali
    "fa": re.compile(r"[\u0600-\u06FF]"),  # Arabic script (Persian letters)
}
# The danda (U+0964/5) sits in the Devanagari block but is Bengali punctuation too.
OTHER_INDIC = {
    "hi": re.compile(r"[\u0980-\u09FF\u0600-\u06FF]"),
    "bn": re.compile(r"[\u0900-\u0963\u0966-\u097F\u0600-\u06FF]"),
    "fa": re.compile(r"[\u0900-\u09FF]"),
}
PLACEHOLDER = re.compile(r"%\(\w+\)[sdif]|%[sdif]")


def catalog(language):
    path = os.path.join(ROOT, "translations", language, "LC_MESSAGES", "messages.po")
    with open(path, "rb") as fh:
        return path, read_po(fh)


@pytest.mark.parametrize("language", sorted(SCRIPTS))
def test_msgfmt_check_passes_with_nothing_untranslated_or_fuzzy(language):
    path, _ = catalog(language)
    done = subprocess.run(
        ["msgfmt", "--check", "--statistics", "-o", os.devnull, path],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "untranslated" not in done.stderr and "fuzzy" not in done.stderr, done.stderr


@pytest.mark.parametrize("language", sorted(SCRIPTS))
def test_every_translation_is_written_in_its_own_script(language):
    _, messages = catalog(language)
    wrong = []
    for message in messages:
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        for text in strings:
            if not text or not SCRIPTS[language].search(text) or OTHER_INDIC[language].search(text):
                wrong.append(message.id)
    assert wrong == []


@pytest.mark.parametrize("language", sorted(SCRIPTS))
def test_placeholders_survive_translation(language):
    _, messages = catalog(language)
    for message in messages:
        if not message.id:
            continue
        source = message.id[0] if isinstance(message.id, tuple) else message.id
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        for text in strings:
            assert sorted(PLACEHOLDER.findall(text)) == sorted(PLACEHOLDER.findall(source)), source


def test_the_template_is_current_and_covers_flask_appbuilder():
    _, template = catalog("hi")
    with open(os.path.join(ROOT, "translations", "messages.pot"), "rb") as fh:
        pot = {m.id for m in read_po(fh) if m.id}
    ids = {m.id for m in template if m.id}
    assert pot == ids
    for fab_string in (
        "Search",
        "Add a new record",
        "Logout",
        "Record Count",
        "List Users",
        "This field is required.",
        "Invalid login. Please try again.",
    ):
        assert fab_string in pot


def test_every_string_in_our_code_is_in_the_template(tmp_path):
    """A new gettext string without `make pot` would silently stay English."""
    import sys

    pybabel = os.path.join(os.path.dirname(sys.executable), "pybabel")
    target = tmp_path / "ours.pot"
    subprocess.run(
        [
            pybabel,
            "-q",
            "extract",
            "-F",
            "babel.cfg",
            "-k",
            "_l",
            "-k",
            "N_",
            "-o",
            str(target),
            ".",
        ],
        cwd=ROOT,
        check=True,
    )
    with open(target, "rb") as fh:
        ours = {m.id for m in read_po(fh) if m.id}
    with open(os.path.join(ROOT, "translations", "messages.pot"), "rb") as fh:
        pot = {m.id for m in read_po(fh) if m.id}
    assert ours - pot == set()
