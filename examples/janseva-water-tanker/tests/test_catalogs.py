"""The module's catalogs: current with its code, complete in Hindi, Bengali and Persian, each in
its own script with its placeholders, and never rewording a string JanSeva already translates
(the catalogs of every enabled module merge into one, the module's last)."""

import re
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from conftest import PACKAGE, janseva_root

HERE = Path(__file__).resolve().parent.parent  # the package's folder, where babel.cfg is
SCRIPTS = {"hi": r"[\u0900-\u097F]", "bn": r"[\u0980-\u09FF]", "fa": r"[\u0600-\u06FF]"}
PLACEHOLDER = re.compile(r"%\(\w+\)[sdif]")


def catalog(path: Path):
    with open(path, "rb") as source:
        return read_po(source)


def ours(language: str):
    return catalog(PACKAGE / "translations" / language / "LC_MESSAGES" / "messages.po")


def test_the_template_is_current(tmp_path):
    pybabel = Path(sys.executable).parent / "pybabel"
    extract = [str(pybabel), "-q", "extract", "-F", "babel.cfg", "-k", "_l", "-k", "N_"]
    subprocess.run([*extract, "-o", str(tmp_path / "now.pot"), "."], cwd=HERE, check=True)
    now = {m.id for m in catalog(tmp_path / "now.pot") if m.id}
    assert now == {m.id for m in catalog(PACKAGE / "translations" / "messages.pot") if m.id}


@pytest.mark.parametrize("language", sorted(SCRIPTS))
def test_every_string_is_translated_in_its_own_script(language):
    template = {m.id for m in catalog(PACKAGE / "translations" / "messages.pot") if m.id}
    messages = [m for m in ours(language) if m.id]
    assert {m.id for m in messages} == template
    for message in messages:
        assert message.string and not message.fuzzy, message.id
        assert re.search(SCRIPTS[language], message.string), message.id
        assert sorted(PLACEHOLDER.findall(message.string)) == sorted(
            PLACEHOLDER.findall(message.id)
        ), message.id


@pytest.mark.parametrize("language", sorted(SCRIPTS))
def test_a_string_janseva_has_keeps_janseva_words(language):
    core = catalog(janseva_root() / "translations" / language / "LC_MESSAGES" / "messages.po")
    for message in ours(language):
        theirs = core.get(message.id) if message.id else None
        if theirs is not None:
            assert message.string == theirs.string, message.id
