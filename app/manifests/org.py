from app.core.manifest import N_, Manifest, Menu

MANIFEST = Manifest(
    name="org",
    summary="The organisation: departments, wards, officers and complaint categories.",
    depends=("base",),
    models=("app.models.org",),
    menus=(
        Menu(
            N_("Departments"),
            N_("Organisation"),
            "app.views.org.screens:DepartmentView",
            "fa-building",
        ),
        Menu(N_("Wards"), N_("Organisation"), "app.views.org.screens:WardView", "fa-map"),
        Menu(
            N_("Officers"), N_("Organisation"), "app.views.org.screens:OfficerView", "fa-id-badge"
        ),
        Menu(N_("Categories"), N_("Organisation"), "app.views.org.screens:CategoryView", "fa-tags"),
    ),
    views=(
        "app.views.org.api:DepartmentApi",
        "app.views.org.api:WardApi",
        "app.views.org.api:OfficerApi",
        "app.views.org.api:CategoryApi",
    ),
    access="org.csv",
    demo="app.services.org.demo:load",
    rules="app.security.rules.org:RULES",
)
