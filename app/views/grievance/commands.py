"""The grievance desk's commands: `flask outbox relay`, `flask sla sweep`, `flask bench seed`."""

import click
from flask.cli import with_appcontext


@click.group("outbox")
def outbox_command():
    """The notification outbox."""


@outbox_command.command("relay")
@with_appcontext
def relay_command():
    """Hand every message that never reached a worker (or failed) to the queue again."""
    from app.services.grievance import outbox

    click.echo(f"relayed: {outbox.relay()}")


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
@click.option("--districts", type=int, default=75, show_default=True)
@click.option("--stations", type=int, default=4, show_default=True, help="per district")
@with_appcontext
def bench_seed_command(tickets, citizens, wards, departments, districts, stations):
    """Fill the database with realistic volume for the bench/ scripts."""
    import time

    from app.services.grievance import bench_seed

    started = time.perf_counter()
    summary = bench_seed.seed(
        tickets,
        citizens=citizens,
        wards=wards,
        departments=departments,
        districts=districts,
        stations=stations,
    )
    for name, count in summary.items():
        click.echo(f"{name}: {count}")
    click.echo(f"seconds: {time.perf_counter() - started:.1f}")
