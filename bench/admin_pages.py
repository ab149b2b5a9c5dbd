"""Admin list pages and REST lists under row scope: p50/p95 per page at a city's scale.

    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/test python bench/admin_pages.py --wards 2000

Builds a fresh schema in DATABASE_URL (default: a temporary SQLite file), loads the demo plus
N extra wards and N/10 extra Post Office officers (ten wards each), then times requests as a
clerk, a postman (whose scope is a subquery over their beat) and the admin.
"""

import argparse
import os
import statistics
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--wards", type=int, default=2000)
    parser.add_argument("--requests", type=int, default=50)
    args = parser.parse_args()
    os.environ.setdefault(
        "DATABASE_URL", "sqlite:///" + os.path.join(tempfile.mkdtemp(), "bench.db")
    )
    os.environ["RATELIMIT_ENABLED"] = "0"

    from tests.conftest import _database_url

    os.environ["DATABASE_URL"] = _database_url()
    from app import create_app
    from app.extensions import db
    from app.models.org import Department, Officer, Ward
    from app.schema import upgrade
    from app.services.org import demo

    app = create_app({"WTF_CSRF_ENABLED": False})
    with app.app_context():
        upgrade()
        demo.load()
        sm = app.appbuilder.sm
        post = db.session.query(Department).filter_by(code="POST").one()
        wards = [Ward(number=100 + n, name=f"Ward {100 + n}") for n in range(args.wards)]
        db.session.add_all(wards)
        db.session.flush()
        role = sm.find_role("Postman")
        for n in range(args.wards // 10):
            user = sm.add_user(
                f"bench{n}",
                "Bench",
                str(n),
                f"b{n}@x.example",
                role,
                password="bench-password-1",  # noqa: S106 - throwaway bench data
            )
            db.session.add(
                Officer(
                    user_id=user.id, department=post, phone=None, wards=wards[n * 10 : (n + 1) * 10]
                )
            )
        db.session.commit()

    pages = [
        "/wardview/list/",
        "/officerview/list/",
        "/api/v1/ward/?q=(page_size:25)",
        "/api/v1/officer/?q=(page_size:25)",
    ]
    print(
        f"data: {args.wards + 12} wards, {args.wards // 10 + 3} officers; "
        f"{args.requests} requests per page; {app.config['SQLALCHEMY_DATABASE_URI'].split(':')[0]}"
    )
    for username in ("clerk_water", "postman1", "admin"):
        client = app.test_client()
        client.post("/login/", data={"username": username, "password": "janseva-demo"})
        for page in pages:
            client.get(page)  # warm
            times = []
            for _ in range(args.requests):
                started = time.perf_counter()
                answer = client.get(page)
                times.append((time.perf_counter() - started) * 1000)
                assert answer.status_code == 200, (page, answer.status_code)
            times.sort()
            p95 = times[int(len(times) * 0.95) - 1]
            print(
                f"{username:12} {page:38} p50 {statistics.median(times):6.1f} ms  p95 {p95:6.1f} ms"
            )


if __name__ == "__main__":
    main()
