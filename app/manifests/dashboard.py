from app.core.manifest import N_, Manifest, Menu

MANIFEST = Manifest(
    name="dashboard",
    summary="Supervisors' live dashboard: tickets by category, ward, channel, kind and SLA; CSV.",
    depends=("org", "grievance"),
    menus=(
        Menu(
            N_("Dashboard"),
            N_("Reports"),
            "app.views.dashboard.screens:DashboardView",
            "fa-bar-chart",
        ),
    ),
    access="dashboard.csv",
)
