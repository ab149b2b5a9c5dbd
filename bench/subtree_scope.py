"""Scope by the organisation tree at volume (issue 20): a district SP's ticket list page, the
query FAB runs for it under the tree's row rule, and beside them in the same run the raw SQL
that page needs (the district's subtree, its newest page and its count); then an HQ desk
operator's five districts, and the citizen history lookup, unscoped and scoped.

    flask --app run bench seed --tickets 1000000    # once: Bench HQ, 75 districts, 4 stations
    python bench/subtree_scope.py                    # prints figures and the data size
"""

import gc
import os
import random
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
os.environ.setdefault("RATELIMIT_ENABLED", "0")

from figures import percentiles, timed  # noqa: E402 - after the path is set

PASSWORD = os.environ.get("DEMO_PASSWORD", "janseva-demo")
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "200"))
RAW_PAGE = (  # what the list shows: the subtree's newest tickets with their names
    "SELECT t.id, t.tracking_no, c.name, w.name, t.state, u.first_name, t.created_at, "
    "t.resolution_due FROM ticket t JOIN category c ON c.id = t.category_id "
    "LEFT JOIN ward w ON w.id = t.ward_id LEFT JOIN officer o ON o.id = t.assignee_id "
    "LEFT JOIN ab_user u ON u.id = o.user_id "
    "WHERE t.org_unit_id IN (SELECT id FROM org_unit WHERE path LIKE ANY(%(paths)s)) "
    "ORDER BY t.created_at DESC LIMIT %(size)s"
)
RAW_COUNT = (
    "SELECT count(*) FROM ticket t "
    "WHERE t.org_unit_id IN (SELECT id FROM org_unit WHERE path LIKE ANY(%(paths)s))"
)


def main() -> None:
    from flask import g
    from flask_login import login_user
    from sqlalchemy import func

    from app import create_app
    from app.extensions import db
    from app.models.base import StaffUser
    from app.models.grievance.citizen import Citizen
    from app.models.grievance.ticket import Ticket
    from app.models.org import OrgUnit
    from app.security.rules.org import units_of
    from app.services.grievance import tickets
    from app.views.grievance import history as scoped_history
    from app.views.grievance.tickets import TicketView

    app = create_app({"WTF_CSRF_ENABLED": False, "NOTIFY_SMS_URL": None})
    gc.freeze()  # the app's objects live as long as the process: keep them out of collections
    view = next(v for v in app.appbuilder.baseviews if isinstance(v, TicketView))
    with app.app_context():
        total = db.session.query(func.count(Ticket.id)).scalar()
        citizens = db.session.query(func.count(Citizen.id)).scalar()
        districts = db.session.query(OrgUnit).filter_by(level_name="District").count()
        units = db.session.query(func.count(OrgUnit.id)).scalar()
        print(
            f"data: {total} tickets, {citizens} citizens, {units} units ({districts} districts); "
            f"{db.engine.dialect.name}; {ROUNDS} rounds each"
        )
        raw = db.engine.raw_connection()
        users = {}
        for username in ("bench-sp-01", "bench-desk-01"):
            user = db.session.query(StaffUser).filter_by(username=username).one()
            paths = [unit.path for unit in units_of(user)]
            users[username] = (user.id, paths)

    def fab_query(user_id):
        """The list's query and count exactly as FAB runs them, in a request of the user."""
        with app.test_request_context("/ticketview/list/"):
            g.user = db.session.get(StaffUser, user_id)
            login_user(g.user)
            count, rows = view.datamodel.query(
                view._base_filters,
                "created_at",
                "desc",
                page=0,
                page_size=view.page_size,
                select_columns=view.list_columns,
            )
            shown = [(str(r.category), str(r.ward), str(r.assignee)) for r in rows]
            return count if len(shown) <= view.page_size else None

    def raw_sql(paths):
        with raw.cursor() as cursor:
            cursor.execute(RAW_PAGE, {"paths": [p + "%" for p in paths], "size": view.page_size})
            cursor.fetchall()
            cursor.execute(RAW_COUNT, {"paths": [p + "%" for p in paths]})
            return cursor.fetchone()[0]

    for username, (user_id, paths) in users.items():
        client = app.test_client()
        client.post("/login/", data={"username": username, "password": PASSWORD})
        assert client.get("/ticketview/list/").status_code == 200
        with app.app_context():
            held = fab_query(user_id)
            assert held == raw_sql(paths), "the rule and the raw SQL disagree"
            query, sql = [], []
            for _ in range(ROUNDS):  # interleaved: both see the same cache and load
                query += timed(lambda: fab_query(user_id), 1)  # noqa: B023 - called at once
                sql += timed(lambda: raw_sql(paths), 1)  # noqa: B023
        pages = timed(lambda: client.get("/ticketview/list/"), max(20, ROUNDS // 5))  # noqa: B023
        who = "district SP" if "sp" in username else "HQ desk (5 districts)"
        print(f"{who} {username}: {held} tickets in scope ({held / total:.2%} of all)")
        print(f"  list query as FAB runs it:   {percentiles(query)}")
        print(f"  raw SQL it needs:            {percentiles(sql)}")
        print(f"  ratio p95 query / raw:       {_p95(query) / _p95(sql):7.2f}x  (target <= 2x)")
        print(f"  whole list page (HTTP):      {percentiles(pages)}")

    rng = random.Random(11)  # noqa: S311 - sampling, not secrets
    with app.app_context():
        top = db.session.query(func.max(Citizen.id)).scalar()
        unscoped = timed(lambda: tickets.history(rng.randint(1, top)), 500)
    print(f"citizen history lookup:        {percentiles(unscoped)}  (as in bench/grievance.py)")
    for username in ("clerk_water", "bench-sp-01"):
        with app.app_context():
            user_id = db.session.query(StaffUser.id).filter_by(username=username).scalar()

        def shown(_citizen, user_id=user_id):
            with app.test_request_context():
                g.user = db.session.get(StaffUser, user_id)
                login_user(g.user)
                scoped_history.history(rng.randint(1, top))

        scoped = timed(lambda: shown(None), 300)  # noqa: B023 - called at once
        rule = "department rule" if username == "clerk_water" else "tree rule"
        print(f"  scoped ({rule}, {username}): {percentiles(scoped)}")


def _p95(samples: list[float]) -> float:
    ordered = sorted(samples)
    return ordered[max(0, int(len(ordered) * 0.95) - 1)]


if __name__ == "__main__":
    main()
