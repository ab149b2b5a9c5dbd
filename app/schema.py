"""The database schema's Alembic setup: the core's revisions (migrations/versions/) and, as a
branch of its own, each installed outside module's (its manifest's `migrations` folder).

Every installed module's branch is found, enabled or not, as every module's models are imported:
one schema per deployment, and a module switched off keeps its table and its revisions. Each
branch makes a head of its own, so `flask db upgrade` with no revision goes to every head
("heads"), where Flask-Migrate's default ("head") refuses more than one.
"""

import copy
import os

import flask_migrate
from flask import current_app
from flask_migrate.cli import db as migrate_commands

from app import modules
from app.extensions import db, migrate

MIGRATIONS = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "migrations")
CORE_VERSIONS = os.path.join(MIGRATIONS, "versions")
EVERY_HEAD = "heads"


def init_app(app, known: dict) -> None:
    """Bind Flask-Migrate to the core's migrations and the outside modules' branches, and give
    the app the `db` commands with `upgrade` going to every head."""
    migrate.init_app(app, db, directory=MIGRATIONS, render_as_batch=True)
    branches = [modules.outside_folder(m, "migrations") for m in known.values()]
    app.extensions["janseva_version_locations"] = [CORE_VERSIONS, *filter(None, branches)]
    app.cli.add_command(_db_commands(), name=migrate.command)


def upgrade() -> None:
    """Migrate to every head, as `flask db upgrade` does (for tests and scripts; in an app
    context)."""
    flask_migrate.upgrade(revision=EVERY_HEAD)


@migrate.configure
def _version_locations(config):
    """Alembic reads the revisions of every folder in `version_locations` (Flask-Migrate calls
    this each time it builds Alembic's configuration, in the app's context)."""
    locations = current_app.extensions["janseva_version_locations"]
    config.set_main_option("path_separator", "os")
    config.set_main_option(
        "version_locations", os.pathsep.join(path.replace("%", "%%") for path in locations)
    )
    return config


def _db_commands():
    """Flask-Migrate's `db` group, its `upgrade` going to every head when no revision is named
    (the same options and help otherwise)."""
    upgrade = copy.copy(migrate_commands.commands["upgrade"])
    upgrade.params = [copy.copy(param) for param in upgrade.params]
    for param in upgrade.params:
        if param.name == "revision":
            param.default = EVERY_HEAD
    upgrade.help = (
        "Upgrade to a later version (by default to every head: the core's and each installed "
        "module's own branch)."
    )
    group = copy.copy(migrate_commands)
    group.commands = {**migrate_commands.commands, "upgrade": upgrade}
    return group
