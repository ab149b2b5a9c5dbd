"""What the water-tanker module brings to a JanSeva deployment (read by app/modules.py)."""

import os

from app.core.manifest import N_, Addition, Manifest, Menu

MANIFEST = Manifest(
    name="water_tanker",
    summary="Water tankers: citizens and clerks ask for a tanker for a ward; Water delivers it.",
    depends=("org",),  # wards and departments
    models=("janseva_water_tanker.models",),
    menus=(
        Menu(
            N_("Tanker requests"),
            N_("Water tankers"),
            "janseva_water_tanker.screens:TankerRequestView",
            "fa-truck",
        ),
    ),
    blueprints=("janseva_water_tanker.pages:bp",),
    access="access.csv",  # under root
    rules="janseva_water_tanker.rules:RULES",
    demo="janseva_water_tanker.demo:load",
    # a tile on the public portal's start page, where the portal is on too
    adds=(Addition("portal.tile", "janseva_water_tanker.pages:PORTAL_TILE", "water_tanker"),),
    root=os.path.dirname(os.path.abspath(__file__)),
    migrations="migrations",  # its own Alembic branch, labelled "water_tanker"
    translations="translations",  # hi, bn, fa catalogs (compiled with pybabel compile -d)
)
