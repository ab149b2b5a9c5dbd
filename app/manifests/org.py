from app.modules import N_, Manifest, Menu

MANIFEST = Manifest(
    name="org",
    summary="The organisation: departments, wards, officers and complaint categories.",
    depends=("base",),
    models=("app.models.org",),
    menus=(
        Menu(N_("Departments"), N_("Organisation"), "app.views.org:DepartmentView", "fa-building"),
        Menu(N_("Wards"), N_("Organisation"), "app.views.org:WardView", "fa-map"),
        Menu(N_("Officers"), N_("Organisation"), "app.views.org:OfficerView", "fa-id-badge"),
        Menu(N_("Categories"), N_("Organisation"), "app.views.org:CategoryView", "fa-tags"),
    ),
    views=(
        "app.views.org_api:DepartmentApi",
        "app.views.org_api:WardApi",
        "app.views.org_api:OfficerApi",
        "app.views.org_api:CategoryApi",
    ),
    access="org.csv",
    rules="app.security.rules.org:RULES",
)
