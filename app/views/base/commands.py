"""`flask --app run demo`: every enabled module's demo records (idempotent)."""

import click
from flask.cli import with_appcontext

from app.services.base import demo


@click.command("demo")
@click.option("--once", is_flag=True, help="Do nothing when the demo was loaded before.")
@with_appcontext
def demo_command(once: bool):
    """Load each enabled module's demo records: departments, wards, categories, users, tickets
    and the post office's tariff and articles (safe to run again)."""
    if once and demo.loaded():
        click.echo("Demo data already loaded.")
        return
    summary = demo.load_enabled()
    for name, count in summary.items():
        click.echo(f"{name}: {count}")
