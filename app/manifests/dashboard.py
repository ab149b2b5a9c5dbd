from app.modules import N_, Manifest, Menu

MANIFEST = Manifest(
    name="dashboard",
    summary="Supervisors' live dashboard: tickets by category, ward, channel, kind and SLA; CSV.",
    depends=("grievance",),
    models=("app.models.dashboard",),
    menus=(
        Menu(N_("Dashboard"), N_("Reports"), "app.views.dashboard:DashboardView", "fa-bar-chart"),
    ),
    access="dashboard.csv",
    jobs=("workers.jobs:prune_dashboard_log",),
    periodic=(("workers.jobs:prune_dashboard_log", 600),),
)
