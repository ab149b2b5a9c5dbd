"""Databases a test makes for itself beside the suite's (a server or a deployment of its own)."""

import os
import shutil
import tempfile

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url


class SiblingDatabase:
    """A database of a test's own, next to the suite's: `<name>_<suffix>` on PostgreSQL (the
    suite's server), a temporary SQLite file otherwise. `create` starts it empty."""

    def __init__(self, url: str | None, suffix: str):
        self.url = url or ""
        self.folder = None
        if self.url.startswith("postgres"):
            suite = make_url(self.url.replace("postgresql://", "postgresql+psycopg://", 1))
            self.name = f"{suite.database}_{suffix}"
            self.admin = create_engine(suite, isolation_level="AUTOCOMMIT")
            self.url = suite.set(database=self.name).render_as_string(hide_password=False)
            self.url = self.url.replace("postgresql+psycopg://", "postgresql://", 1)
        else:
            self.folder = tempfile.mkdtemp(prefix=f"janseva-{suffix}-")
            self.url = "sqlite:///" + os.path.join(self.folder, f"{suffix}.db")

    def create(self) -> None:
        if self.folder is None:
            with self.admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)'))
                conn.execute(text(f'CREATE DATABASE "{self.name}"'))

    def drop(self) -> None:
        if self.folder is None:
            with self.admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)'))
            self.admin.dispose()
        else:
            shutil.rmtree(self.folder, ignore_errors=True)
