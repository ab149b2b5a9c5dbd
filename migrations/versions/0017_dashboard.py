"""dashboard: a change log of tickets, written by triggers on ticket and feedback

Revision ID: 0017_dashboard
Revises: 0016_open311
Create Date: 2026-12-02 01:10:00

"""
from alembic import op
import sqlalchemy as sa


revision = "0017_dashboard"
down_revision = "0016_open311"
branch_labels = None
depends_on = None

# PostgreSQL: one statement-level trigger per table and event; the transition table carries
# every row the statement wrote, and one log row lists them all, so a bulk UPDATE of 10,000
# tickets (the SLA sweep's) adds one row, not 10,000. A statement that wrote nothing adds none.
PG_FUNCTIONS = {
    "ticket_changed": "INSERT INTO ticket_change (ticket_ids) "
    "SELECT string_agg(id::text, ',') FROM changed HAVING count(*) > 0",
    "feedback_changed": "INSERT INTO ticket_change (ticket_ids) "
    "SELECT string_agg(ticket_id::text, ',') FROM changed HAVING count(*) > 0",
}
PG_TRIGGERS = (
    ("ticket_inserted", "INSERT", "ticket", "ticket_changed"),
    ("ticket_updated", "UPDATE", "ticket", "ticket_changed"),
    ("feedback_inserted", "INSERT", "feedback", "feedback_changed"),
    ("feedback_updated", "UPDATE", "feedback", "feedback_changed"),
)
# SQLite has no statement triggers; it also serialises writers, so ids commit in order.
SQLITE_TRIGGERS = (
    ("ticket_inserted", "INSERT", "ticket", "CAST(NEW.id AS TEXT)"),
    ("ticket_updated", "UPDATE", "ticket", "CAST(NEW.id AS TEXT)"),
    ("feedback_inserted", "INSERT", "feedback", "CAST(NEW.ticket_id AS TEXT)"),
    ("feedback_updated", "UPDATE", "feedback", "CAST(NEW.ticket_id AS TEXT)"),
)


def upgrade():
    postgres = op.get_bind().dialect.name == "postgresql"
    op.create_table(
        "ticket_change",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            primary_key=True,
            autoincrement=True,
        ),
        sa.Column("ticket_ids", sa.Text(), nullable=False),  # "12,13,14"
        sa.Column(
            "txid",
            sa.BigInteger(),
            nullable=False,
            server_default=sa.text("txid_current()") if postgres else sa.text("0"),
        ),
        sa.Column(
            "at",
            sa.DateTime(),
            nullable=False,
            server_default=sa.text("(now() AT TIME ZONE 'UTC')")
            if postgres
            else sa.text("CURRENT_TIMESTAMP"),
        ),
    )
    # The readers look rows up by txid; pruning by `at` scans an hour of rows, which is cheaper
    # than one more index for every ticket written.
    op.create_index("ix_ticket_change_txid", "ticket_change", ["txid"])
    if postgres:
        for name, body in PG_FUNCTIONS.items():
            op.execute(
                f"CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$ "
                f"BEGIN {body}; RETURN NULL; END $$"
            )
        for name, event, table, function in PG_TRIGGERS:
            op.execute(
                f"CREATE TRIGGER {name} AFTER {event} ON {table} "
                f"REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION {function}()"
            )
    else:
        for name, event, table, ticket_id in SQLITE_TRIGGERS:
            op.execute(
                f"CREATE TRIGGER {name} AFTER {event} ON {table} BEGIN "
                f"INSERT INTO ticket_change (ticket_ids) VALUES ({ticket_id}); END"
            )


def downgrade():
    postgres = op.get_bind().dialect.name == "postgresql"
    triggers = PG_TRIGGERS if postgres else SQLITE_TRIGGERS
    for name, _event, table, _body in triggers:
        op.execute(f"DROP TRIGGER {name} ON {table}" if postgres else f"DROP TRIGGER {name}")
    if postgres:
        for name in PG_FUNCTIONS:
            op.execute(f"DROP FUNCTION {name}()")
    op.drop_table("ticket_change")
