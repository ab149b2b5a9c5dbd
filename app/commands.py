"""Commands: `flask --app run demo` (idempotent demo data), `flask --app run outbox relay`."""

import click
from flask import current_app
from flask.cli import with_appcontext

from app.services.base import demo


@click.command("demo")
@click.option("--once", is_flag=True, help="Do nothing when the demo was loaded before.")
@with_appcontext
def demo_command(once: bool):
    """Load demo departments, wards, categories, officers and users (safe to run again)."""
    if once and demo.loaded():
        click.echo("Demo data already loaded.")
        return
    summary = demo.load()
    if "grievance" in current_app.config["JANSEVA_MODULES"]:
        summary["tickets"] = demo.load_tickets()
    if "postal" in current_app.config["JANSEVA_MODULES"]:
        summary["tariff bands"] = demo.load_tariff()
        summary["articles"] = demo.load_articles()
    for name, count in summary.items():
        click.echo(f"{name}: {count}")


@click.group("outbox")
def outbox_command():
    """The notification outbox."""


@outbox_command.command("relay")
@with_appcontext
def relay_command():
    """Hand every message that never reached a worker (or failed) to the queue again."""
    from app.services.grievance import outbox as notify

    click.echo(f"relayed: {notify.relay()}")


@click.group("sla")
def sla_command():
    """SLA timers."""


@sla_command.command("sweep")
@with_appcontext
def sweep_command():
    """Warn, record breaches and escalate now (workers do this every 20 s)."""
    from app.services.grievance import sla_sweep

    for name, count in sla_sweep.sweep().items():
        click.echo(f"{name}: {count}")


@click.group("bench")
def bench_command():
    """Benchmark data."""


@bench_command.command("seed")
@click.option("--tickets", type=int, default=100_000, show_default=True)
@click.option("--citizens", type=int, default=300_000, show_default=True)
@click.option("--wards", type=int, default=200, show_default=True)
@click.option("--departments", type=int, default=30, show_default=True)
@with_appcontext
def bench_seed_command(tickets, citizens, wards, departments):
    """Fill the database with realistic volume for the bench/ scripts."""
    import time

    from app.services.grievance import bench_seed

    started = time.perf_counter()
    summary = bench_seed.seed(tickets, citizens=citizens, wards=wards, departments=departments)
    for name, count in summary.items():
        click.echo(f"{name}: {count}")
    click.echo(f"seconds: {time.perf_counter() - started:.1f}")


@click.group("open311")
def open311_command():
    """Open311 API keys."""


@open311_command.command("issue-key")
@click.argument("name")
@with_appcontext
def issue_key_command(name: str):
    """Issue an API key for the Open311 client NAME; the key is the last line printed."""
    from app.core.errors import JanSevaError
    from app.services.open311 import keys as open311_keys

    try:
        row, key = open311_keys.issue(name)
    except JanSevaError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"Open311 key #{row.id} for {row.name}. It is shown only this once:")
    click.echo(key)


@open311_command.command("revoke-key")
@click.argument("key_id", type=int)
@with_appcontext
def revoke_key_command(key_id: int):
    """Revoke the Open311 API key with id KEY_ID."""
    from app.extensions import db
    from app.models.open311 import Open311Key
    from app.services.open311 import keys as open311_keys

    row = db.session.get(Open311Key, key_id)
    if row is None:
        raise click.ClickException(f"No Open311 key has the id {key_id}.")
    click.echo(f"revoked: {open311_keys.revoke([row])}")
