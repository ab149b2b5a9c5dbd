"""Modules from outside the tree: an installed package's manifest (entry point group
`janseva.modules`) brings its access table, catalogs and an Alembic branch of its own, which
plain `flask db upgrade` applies beside the core's; a broken one is refused by name."""

import json
import os
import sqlite3
import subprocess
import sys
import textwrap
from types import SimpleNamespace

import pytest
from alembic.script import ScriptDirectory

from app import modules
from app.modules import Manifest, ModuleError

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

KIOSK = {
    "fake_kiosk/__init__.py": "",
    "fake_kiosk/manifest.py": """
        import os
        from app.core.manifest import Manifest

        MANIFEST = Manifest(
            name="kiosk",
            summary="A ward kiosk's visits.",
            depends=("org",),
            models=("fake_kiosk.models",),
            access="access.csv",
            root=os.path.dirname(os.path.abspath(__file__)),
            migrations="migrations",
            translations="translations",
        )
    """,
    "fake_kiosk/models.py": """
        from sqlalchemy import ForeignKey
        from sqlalchemy.orm import Mapped, mapped_column
        from app.extensions import db

        class KioskVisit(db.Model):
            __tablename__ = "kiosk_visit"
            id: Mapped[int] = mapped_column(primary_key=True)
            ward_id: Mapped[int] = mapped_column(ForeignKey("ward.id"))
    """,
    "fake_kiosk/migrations/kiosk_0001_visits.py": """
        from alembic import op
        import sqlalchemy as sa

        revision = "kiosk_0001"
        down_revision = None
        branch_labels = ("kiosk",)
        depends_on = "0001_foundation"

        def upgrade():
            op.create_table(
                "kiosk_visit",
                sa.Column("id", sa.Integer(), primary_key=True),
                sa.Column("ward_id", sa.Integer(), sa.ForeignKey("ward.id"), nullable=False),
            )

        def downgrade():
            op.drop_table("kiosk_visit")
    """,
    "fake_kiosk/access.csv": "role,model,read,create,edit,delete\nClerk,KioskVisit,1,0,0,0\n",
    "fake_kiosk/translations/hi/LC_MESSAGES/.keep": "",
    "fake_kiosk-0.1.dist-info/METADATA": "Metadata-Version: 2.1\nName: fake-kiosk\nVersion: 0.1\n",
    "fake_kiosk-0.1.dist-info/entry_points.txt": (
        "[janseva.modules]\nkiosk = fake_kiosk.manifest:MANIFEST\n"
    ),
}


@pytest.fixture
def kiosk(tmp_path):
    """An installed package (its files and its dist-info) on a path of its own."""
    site = tmp_path / "site"
    for name, body in KIOSK.items():
        path = site / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(body))
    return site


def run(site, *args, **environment) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, *args],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": f"{site}{os.pathsep}{ROOT}", **environment},
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


def test_plain_flask_db_upgrade_applies_the_core_and_the_module_branch(kiosk, tmp_path):
    database = tmp_path / "kiosk.db"
    url = f"sqlite:///{database}"
    heads = run(kiosk, "-m", "flask", "--app", "run", "db", "heads", DATABASE_URL=url)
    assert "kiosk_0001 (kiosk) (head)" in heads.stdout, heads.stderr
    core_head = ScriptDirectory(os.path.join(ROOT, "migrations")).get_current_head()
    done = run(kiosk, "-m", "flask", "--app", "run", "db", "upgrade", DATABASE_URL=url)
    assert done.returncode == 0, done.stderr
    with sqlite3.connect(database) as conn:
        applied = {row[0] for row in conn.execute("SELECT version_num FROM alembic_version")}
        tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master")}
    assert {"kiosk_0001", core_head} <= applied
    assert "kiosk_visit" in tables and "ward" in tables


def test_its_access_table_and_catalogs_come_from_its_own_folder(kiosk):
    script = (
        "import json; from app import create_app; app = create_app();"
        "print(json.dumps([app.config['FAB_ROLES']['Clerk'],"
        " app.config['BABEL_TRANSLATION_DIRECTORIES']]))"
    )
    on = run(kiosk, "-c", script, DATABASE_URL="sqlite://")
    assert on.returncode == 0, on.stderr
    clerk, catalogs = json.loads(on.stdout.strip().splitlines()[-1])
    assert ["^KioskVisit$", "^can_read$"] in clerk
    assert str(kiosk / "fake_kiosk" / "translations") in catalogs.split(";")
    off = run(kiosk, "-c", script, DATABASE_URL="sqlite://", ENABLED_MODULES="org")
    clerk, catalogs = json.loads(off.stdout.strip().splitlines()[-1])
    assert "KioskVisit" not in json.dumps(clerk) and "fake_kiosk" not in catalogs


def test_a_module_whose_migrations_folder_is_missing_stops_the_app_from_starting(kiosk):
    (kiosk / "fake_kiosk" / "migrations" / "kiosk_0001_visits.py").unlink()
    (kiosk / "fake_kiosk" / "migrations").rmdir()
    done = run(kiosk, "-c", "from app import create_app; create_app()", DATABASE_URL="sqlite://")
    assert done.returncode != 0
    assert "Module 'kiosk' from fake_kiosk.manifest:MANIFEST: its migrations folder" in done.stderr
    assert "is missing" in done.stderr


class Point(SimpleNamespace):
    """An entry point as importlib.metadata gives it (name, value, load)."""

    def load(self):
        return self.manifest


def outside(tmp_path, name="kiosk", entry=None, value="pkg.manifest:MANIFEST", **fields):
    (tmp_path / "migrations").mkdir(exist_ok=True)
    (tmp_path / "migrations" / "kiosk_0001.py").write_text("revision = 'kiosk_0001'\n")
    fields = {"root": str(tmp_path), "migrations": "migrations", **fields}
    manifest = Manifest(name=name, summary="", depends=("org",), **fields)
    return Point(name=entry or name, value=value, manifest=manifest)


def refusal(monkeypatch, *points) -> str:
    monkeypatch.setattr(modules, "entry_points", lambda group: list(points))
    with pytest.raises(ModuleError) as error:
        modules.available()
    return str(error.value)


def test_a_module_named_like_one_of_janseva_is_refused(monkeypatch, tmp_path):
    assert refusal(monkeypatch, outside(tmp_path, name="org")) == (
        "Module 'org' from pkg.manifest:MANIFEST has the name of a module JanSeva itself "
        "already has; give it another name."
    )


def test_two_packages_with_one_module_name_are_refused(monkeypatch, tmp_path):
    first = outside(tmp_path, value="one.manifest:MANIFEST")
    second = outside(tmp_path, value="two.manifest:MANIFEST")
    assert refusal(monkeypatch, first, second) == (
        "Module 'kiosk' from two.manifest:MANIFEST has the name of a module "
        "one.manifest:MANIFEST already has; give it another name."
    )


def test_models_without_migrations_are_refused(monkeypatch, tmp_path):
    point = outside(tmp_path, migrations=None, models=("pkg.models",))
    assert "declares models but no migrations folder" in refusal(monkeypatch, point)


def test_a_migrations_folder_without_a_revision_is_refused(monkeypatch, tmp_path):
    (tmp_path / "empty").mkdir()
    point = outside(tmp_path, migrations="empty")
    assert f"its migrations folder {tmp_path / 'empty'} holds no revision" in refusal(
        monkeypatch, point
    )


def test_a_missing_access_table_or_root_is_refused(monkeypatch, tmp_path):
    message = refusal(monkeypatch, outside(tmp_path, access="access.csv"))
    assert message == (
        f"Module 'kiosk' from pkg.manifest:MANIFEST: its access table "
        f"{tmp_path / 'access.csv'} is missing."
    )
    assert "has no root folder" in refusal(monkeypatch, outside(tmp_path, root=None))


def test_an_entry_point_named_unlike_its_module_is_refused(monkeypatch, tmp_path):
    assert "under the entry point name 'kiosks'" in refusal(
        monkeypatch, outside(tmp_path, entry="kiosks")
    )
