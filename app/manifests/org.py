from app.core.manifest import N_, Manifest, Menu

MANIFEST = Manifest(
    name="org",
    summary=(
        "The organisation: its tree of units with calendars, departments, wards, officers, "
        "complaint categories and their SLA policy."
    ),
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
        Menu(
            N_("Organisation units"),
            N_("Organisation"),
            "app.views.org.units:OrgUnitView",
            "fa-sitemap",
        ),
        Menu(N_("Holidays"), N_("Organisation"), "app.views.org.units:HolidayView", "fa-calendar"),
        Menu(
            N_("Staff units"), N_("Organisation"), "app.views.org.units:StaffUnitView", "fa-users"
        ),
        Menu(
            N_("Targets by priority"),
            N_("Organisation"),
            "app.views.org.policy:PriorityTargetView",
            "fa-clock-o",
        ),
        Menu(
            N_("Escalation ladder"),
            N_("Organisation"),
            "app.views.org.policy:LadderStepView",
            "fa-level-up",
        ),
    ),
    views=(
        "app.views.org.api:DepartmentApi",
        "app.views.org.api:WardApi",
        "app.views.org.api:OfficerApi",
        "app.views.org.api:CategoryApi",
        "app.views.org.api:OrgUnitApi",
        "app.views.org.api:HolidayApi",
        "app.views.org.api:PriorityTargetApi",
        "app.views.org.api:LadderStepApi",
    ),
    access="org.csv",
    demo="app.services.org.demo:load",
    rules="app.security.rules.org:RULES",
)
