"""Payments at volume: drawing a UPI QR code (SVG and PNG, cold and cached), the citizen's pay
page and its QR image with a warm cache, and a bill run of 100,000 bills for one ward.

Writes to DATABASE_URL (a fresh ward of citizens, payment requests, one bill run: use a bench
database) and, with REDIS_URL, enqueues the pay links' RQ jobs; the script empties that Redis
database when it is done (never database 0).

    createdb paybench
    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/paybench flask --app run db upgrade
    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/paybench flask --app run demo
    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/paybench \\
        REDIS_URL=redis://127.0.0.1:6379/5 python bench/payments.py   # prints figures and sizes

Options by environment: BENCH_QR_CODES (300), BENCH_PAYMENTS (200), BENCH_REQUESTS (2000),
BENCH_BILLS (100000).
"""

import gc
import os
import random
import statistics
import sys
import time
from datetime import date, timedelta
from decimal import Decimal

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
os.environ.setdefault("RATELIMIT_ENABLED", "0")

from figures import percentiles, timed, timed_each, with_mean  # noqa: E402 - after the path is set

QR_CODES = int(os.environ.get("BENCH_QR_CODES", "300"))
PAYMENTS = int(os.environ.get("BENCH_PAYMENTS", "200"))
REQUESTS = int(os.environ.get("BENCH_REQUESTS", "2000"))
BILLS = int(os.environ.get("BENCH_BILLS", "100000"))
PHONE_PREFIX = "+9197"  # bench citizens: +9197 and eight digits
LANGUAGES = ("en", "hi", "bn", "fa")


def bench_qr(app) -> None:
    from app.services.payments import upi

    with app.app_context():
        uris = [
            upi.payment_uri(
                f"BENCH{n:08d}", Decimal(1000 + n) + Decimal("0.50"), "Holding tax 2026-27", "9311"
            )
            for n in range(QR_CODES)
        ]
    sizes = sorted({len(uri) for uri in uris})
    print(f"QR codes: {QR_CODES} distinct UPI URIs of {sizes[0]}-{sizes[-1]} characters")
    svg = timed_each(upi.qr_svg.__wrapped__, uris)
    print(f"  SVG, drawn:                  {with_mean(svg)}")
    png = timed_each(upi.qr_png.__wrapped__, uris)
    print(f"  PNG, drawn:                  {with_mean(png)}")
    calls = 10000
    for name, cached in (("SVG", upi.qr_svg), ("PNG", upi.qr_png)):
        cached(uris[0])
        started = time.perf_counter()
        for _ in range(calls):
            cached(uris[0])
        per_call = (time.perf_counter() - started) / calls * 1e6
        print(f"  {name}, cached (lru_cache):    {per_call:7.3f} µs per call  (n={calls})")


def bench_pay_page(app, rng) -> None:
    from sqlalchemy import func

    from app.extensions import db
    from app.models.payments import Payment
    from app.services.payments import requests as payment_requests

    with app.app_context():
        started = time.perf_counter()
        refs = [
            payment_requests.create(
                "holding_tax", "1499.50", "Holding tax 2026-27", payer_name=None
            ).ref
            for _ in range(PAYMENTS)
        ]
        made = (time.perf_counter() - started) * 1000 / PAYMENTS
        total = db.session.query(func.count(Payment.id)).scalar()
    print(
        f"pay page: {PAYMENTS} new requests ({made:.2f} ms each through requests.create), "
        f"{total} payment requests in the database"
    )
    client = app.test_client()
    for ref in refs:  # warm: templates, the QR code cache, the connection pool
        assert client.get(f"/pay/{ref}").status_code == 200
        assert client.get(f"/pay/{ref}/qr.svg").status_code == 200
    pages = timed(lambda: client.get(f"/pay/{rng.choice(refs)}"), REQUESTS)
    print(f"  /pay/<ref>:                  {percentiles(pages)}  ({len(refs)} refs, warm)")
    codes = timed(lambda: client.get(f"/pay/{rng.choice(refs)}/qr.svg"), REQUESTS)
    print(f"  /pay/<ref>/qr.svg:           {percentiles(codes)}  ({len(refs)} refs, cache warm)")


def seed_ward():
    """A new ward with BILLS citizens, by COPY on PostgreSQL; its id and the seconds it took."""
    from sqlalchemy import func, select

    from app.core import bulk
    from app.core.clock import utc_now
    from app.extensions import db
    from app.models.grievance.citizen import Citizen
    from app.models.org import Ward

    started = time.perf_counter()
    number = (db.session.scalar(select(func.max(Ward.number))) or 0) + 1
    ward = Ward(number=number, name=f"Bench ward {number}")
    db.session.add(ward)
    db.session.flush()
    # Phones are fixed-length, so the largest string is the largest number.
    last = db.session.scalar(
        select(func.max(Citizen.phone)).where(
            Citizen.phone.like(f"{PHONE_PREFIX}%"), func.length(Citizen.phone) == 13
        )
    )
    first = int(last[len(PHONE_PREFIX) :]) + 1 if last else 0
    if first + BILLS > 10**8:
        raise SystemExit(f"no {BILLS} free phone numbers left under {PHONE_PREFIX}")
    now = utc_now()
    rows = [
        {
            "name": f"Bench citizen {first + n}",
            "phone": f"{PHONE_PREFIX}{first + n:08d}",
            "email": None,
            "language": LANGUAGES[n % len(LANGUAGES)],
            "ward_id": ward.id,
            "created_at": now,
        }
        for n in range(BILLS)
    ]
    bulk.insert_rows(Citizen.__table__, rows)
    db.session.commit()
    return ward.id, time.perf_counter() - started


def bench_bill_run(app) -> None:
    from rq import Queue
    from sqlalchemy import func

    from app.core import jobs
    from app.extensions import db
    from app.models.base import StaffUser
    from app.models.grievance.citizen import Citizen
    from app.models.grievance.outbox import OutboundMessage
    from app.models.payments import Payment, PaymentEvent
    from app.services.grievance import outbox
    from app.services.payments import bill_runs

    with app.app_context():
        ward_id, seeding = seed_ward()
        citizens = db.session.query(func.count(Citizen.id)).scalar()
        print(
            f"bill run: ward #{ward_id} seeded with {BILLS} citizens in {seeding:.1f} s "
            f"({citizens} citizens in the database); batches of {bill_runs.BATCH}"
        )
        redis = jobs.redis_connection()
        if redis is None:
            print("  no REDIS_URL: every pay link is 'sent' in-process, one at a time")

        def depth(name: str) -> int:
            return Queue(name, connection=redis).count if redis is not None else 0

        before = {name: depth(name) for name in ("default", "low")}
        counter = db.session.query(StaffUser).filter_by(username="counter").one()
        started = time.perf_counter()
        run = bill_runs.start(
            "holding_tax",
            ward_id,
            "1200",
            "Holding tax 2026-27",
            date.today() + timedelta(days=30),
            counter,
        )
        start_ms = (time.perf_counter() - started) * 1000
        run_id = run.id
        print(
            f"  start (record + enqueue):    {start_ms:7.1f} ms  (run #{run_id}, "
            f"{run.total} citizens counted, {depth('low') - before['low']} job on 'low')"
        )

        # Instrument the job from the outside: each batch, and its hand-off to Redis.
        batch_ms, dispatch_ms = [], []
        bill_batch, dispatch_ids = bill_runs._bill_batch, outbox.dispatch_ids

        def timed_batch(run_id):
            started = time.perf_counter()
            more = bill_batch(run_id)
            batch_ms.append((time.perf_counter() - started) * 1000)
            return more

        def timed_dispatch(ids):
            started = time.perf_counter()
            dispatch_ids(ids)
            dispatch_ms.append((time.perf_counter() - started) * 1000)

        bill_runs._bill_batch, outbox.dispatch_ids = timed_batch, timed_dispatch
        try:
            started = time.perf_counter()
            run = bill_runs.run(run_id)
            seconds = time.perf_counter() - started
        finally:
            bill_runs._bill_batch, outbox.dispatch_ids = bill_batch, dispatch_ids
        enqueued = depth("default") - before["default"]
        counts = {
            model.__tablename__: db.session.query(func.count(model.id)).scalar()
            for model in (Payment, PaymentEvent, OutboundMessage)
        }
        print(
            f"  run (generate + enqueue):    {seconds:7.1f} s for {run.billed} bills: "
            f"{run.billed / seconds:7.0f} bills/s  (status {run.status.value}, "
            f"{run.without_address} without address)"
        )
        print(
            f"  RQ send_messages jobs queued: {enqueued} on 'default' "
            f"({outbox.JOB_SIZE} messages each)"
        )
        full = batch_ms[:-1] or batch_ms  # the last call only finds the run done
        print(
            f"  per batch of {bill_runs.BATCH}:         {with_mean(full)}; of which Redis "
            f"hand-off mean {statistics.fmean(dispatch_ms or [0]):6.1f} ms "
            f"(total {sum(dispatch_ms) / 1000:.1f} s)"
        )
        print(
            "  rows now: "
            + ", ".join(f"{count} {table}" for table, count in counts.items())
            + f"; database {db.engine.dialect.name}"
        )
        if redis is not None:
            index = redis.connection_pool.connection_kwargs.get("db", 0)
            if index == 0:
                print("  Redis database 0: left as it is (flush it yourself if it is a bench's)")
            else:
                keys = redis.dbsize()
                redis.flushdb()
                print(f"  Redis database {index} flushed ({keys} keys)")


def main() -> None:
    from sqlalchemy import func

    from app import create_app
    from app.extensions import db
    from app.models.payments import Payment

    app = create_app({"WTF_CSRF_ENABLED": False, "NOTIFY_SMS_URL": None})
    gc.freeze()  # the app's objects live as long as the process: keep them out of collections
    rng = random.Random(11)  # noqa: S311 - sampling, not secrets
    with app.app_context():
        payments_before = db.session.query(func.count(Payment.id)).scalar()
        print(
            f"data: {payments_before} payment requests; {db.engine.dialect.name}; "
            f"Redis {app.config.get('REDIS_URL') or 'none (jobs run in-process)'}"
        )
    bench_qr(app)
    bench_pay_page(app, rng)
    bench_bill_run(app)


if __name__ == "__main__":
    main()
