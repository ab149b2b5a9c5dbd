"""The application factory: extensions, enabled modules, nothing else."""

import importlib
import logging

from flask import Flask, current_app
from flask_appbuilder import AppBuilder
from werkzeug.routing import IntegerConverter

from app import modules, schema
from app.core.shapes import JsonProvider
from app.extensions import csrf, db
from app.security import api_csrf
from app.security.access import ACCESS_DIR, fab_roles, read_table
from app.security.headers import add_security_headers
from app.security.passwords import validate_password

log = logging.getLogger(__name__)


class IdConverter(IntegerConverter):
    """An <int:...> in a route is a record's id: one the integer id columns cannot hold is no
    record (a 404), not a number for PostgreSQL to refuse (a 500)."""

    def __init__(self, url_map, *args, **kwargs):
        kwargs.setdefault("max", 2**31 - 1)
        super().__init__(url_map, *args, **kwargs)


def create_app(overrides: dict | None = None) -> Flask:
    app = Flask(__name__, instance_relative_config=False)
    app.json = JsonProvider(app)
    app.url_map.converters["int"] = IdConverter
    app.config.from_object("config")
    app.config.update(overrides or {})
    app.config.setdefault("FAB_PASSWORD_COMPLEXITY_VALIDATOR", validate_password)
    known = modules.available()
    enabled = modules.resolve(app.config["ENABLED_MODULES"], known)
    app.config["JANSEVA_MODULES"] = [m.name for m in enabled]
    app.extensions["janseva_modules"] = enabled
    for manifest in enabled:
        if manifest.check:
            modules.load(manifest.check)(app.config)
    app.config["BABEL_TRANSLATION_DIRECTORIES"] = ";".join(
        [app.config["BABEL_TRANSLATION_DIRECTORIES"]]
        + [folder for m in enabled if (folder := modules.outside_folder(m, "translations"))]
    )

    # One schema for every deployment (the migrations, the core's and each installed outside
    # module's branch, hold all tables); modules switch screens, routes, roles and jobs on and
    # off, not tables.
    for manifest in known.values():
        for models in manifest.models:
            importlib.import_module(models)
    app.config["FAB_ROLES"] = _roles(enabled)
    app.extensions["janseva_rules"] = _rules(enabled)

    db.init_app(app)
    schema.init_app(app, known)
    csrf.init_app(app)  # before FAB, so every form and delete link is protected
    api_csrf.init_app(app)  # and every API write a logged-in browser's cookie makes
    with app.app_context():
        appbuilder = AppBuilder()
        appbuilder.init_app(app, db.session)
        _register(appbuilder, app, enabled)
    app.after_request(add_security_headers)
    _announce(app)
    return app


def _roles(enabled):
    grants, menus = [], {}
    for manifest in enabled:
        if manifest.access:
            grants += read_table(manifest.access, manifest.root or ACCESS_DIR)
        for menu in manifest.menus:
            view = modules.load(menu.view)
            # a model's screens share the model's permission name; other screens name their own
            model = getattr(view, "datamodel", None)
            model = getattr(view, "class_permission_name", None) or model.obj.__name__
            menus.setdefault(model, []).extend([menu.label, menu.category])
    return fab_roles(grants, menus)


def _rules(enabled):
    rules: dict = {}
    for manifest in enabled:
        if manifest.rules:
            for model, by_role in modules.load(manifest.rules).items():
                rules.setdefault(model, {}).update(by_role)
    return rules


def _register(appbuilder, app, enabled):
    for manifest in enabled:
        for menu in manifest.menus:
            appbuilder.add_view(
                modules.load(menu.view), menu.label, icon=f"fa {menu.icon}", category=menu.category
            )
        for view in manifest.views:
            view_class = modules.load(view)
            if hasattr(view_class, "resource_name"):
                appbuilder.add_api(view_class)
            else:
                appbuilder.add_view_no_menu(view_class)
        for blueprint in manifest.blueprints:
            app.register_blueprint(modules.load(blueprint))
        for command in manifest.commands:
            app.cli.add_command(modules.load(command))

    @app.context_processor
    def fab_context():
        return {
            "appbuilder": current_app.appbuilder,
            "base_template": current_app.appbuilder.base_template,
        }


def _announce(app) -> None:
    if not app.config.get("REDIS_URL"):
        log.warning("REDIS_URL is not set: background jobs run in-process (no RQ worker).")
    if app.config["SECRET_KEY"].startswith("janseva-development"):
        log.warning("SECRET_KEY is not set: using the development key. Never in production.")
