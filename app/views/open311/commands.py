"""`flask open311 issue-key NAME` and `flask open311 revoke-key ID`."""

import click
from flask.cli import with_appcontext


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
