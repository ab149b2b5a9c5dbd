"""Run as `python -m tests.profile_helpers` with ENABLED_MODULES and DATABASE_URL set: migrate,
load the demo, serve a few pages and print (as JSON) what the deployment shows of each module.
Flask-AppBuilder allows one app per process, so each deployment profile gets its own."""

import json
import sys

from flask import url_for

from app import create_app, modules
from app.schema import upgrade
from app.services.base import demo
from tests.conftest import PASSWORD, login
from workers import periodic


def _names(manifest) -> dict:
    """What a module would put into a deployment: blueprints, screens, menus, models, jobs."""
    return {
        "blueprints": sorted(modules.load(bp).name for bp in manifest.blueprints),
        "views": sorted(
            modules.load(target).__name__
            for target in [m.view for m in manifest.menus] + list(manifest.views)
        ),
        "menus": sorted(f"{m.category}/{m.label}" for m in manifest.menus),
        "jobs": sorted(job for job, _ in manifest.periodic),
    }


def main() -> None:
    app = create_app({"TESTING": True, "SERVER_NAME": None, "DEMO_PASSWORD": PASSWORD})
    with app.app_context():
        upgrade()
        summary = demo.load_enabled()
        enabled = {m.name for m in modules.enabled_manifests()}
        menu = app.appbuilder.menu.get_list()
        shown_menus = sorted(
            f"{item.name}/{child.name}" for item in menu for child in (item.childs or [])
        )
        tasks = sorted(f"{job.__module__}:{job.__name__}" for job, _ in periodic.tasks(app))
    anonymous = app.test_client()
    home = anonymous.get("/")
    admin = login(app, "admin")
    pages = {}
    for manifest in app.extensions["janseva_modules"]:
        for item in manifest.menus:
            view = modules.load(item.view)
            with app.test_request_context():
                url = url_for(f"{view.__name__}.{view.default_view}")
            pages[url] = admin.get(url).status_code
    print(
        json.dumps(
            {
                "enabled": sorted(enabled),
                "demo": summary,
                "endpoints": sorted(app.view_functions),
                "menus": shown_menus,
                "roles": app.config["FAB_ROLES"],
                "jobs": tasks,
                "home": [home.status_code, home.text[:4000]],
                "pages": pages,
                "modules": {name: _names(m) for name, m in modules.available().items()},
            }
        )
    )


if __name__ == "__main__":
    sys.exit(main())
