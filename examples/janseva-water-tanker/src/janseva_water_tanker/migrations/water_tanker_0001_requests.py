"""water tanker: requests for a tanker, routed to a department

The first revision of the module's own Alembic branch: no down revision, the branch label
"water_tanker", and a dependency on the core revision that made the wards, departments and
logins it points at. `flask db upgrade` (every head) applies it after that one.

Revision ID: water_tanker_0001
Revises:
Create Date: 2026-12-08 10:00:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "water_tanker_0001"
down_revision = None
branch_labels = ("water_tanker",)
depends_on = "0001_foundation"


def upgrade():
    op.create_table(
        "water_tanker_request",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("ward_id", sa.Integer(), nullable=False),
        sa.Column("department_id", sa.Integer(), nullable=False),
        sa.Column("address", sa.String(length=300), nullable=False),
        sa.Column("litres", sa.Integer(), nullable=False),
        sa.Column("wanted_on", sa.Date(), nullable=False),
        sa.Column("phone", sa.String(length=20), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "requested",
                "scheduled",
                "delivered",
                "cancelled",
                name="tankerstatus",
                native_enum=False,
                length=24,
            ),
            nullable=False,
        ),
        sa.Column("requested_at", sa.DateTime(), nullable=False),
        sa.Column("requested_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["department_id"], ["department.id"]),
        sa.ForeignKeyConstraint(["requested_by_id"], ["ab_user.id"]),
        sa.ForeignKeyConstraint(["ward_id"], ["ward.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("water_tanker_request", schema=None) as batch_op:
        batch_op.create_index(
            "ix_water_tanker_request_department", ["department_id", "wanted_on"], unique=False
        )


def downgrade():
    with op.batch_alter_table("water_tanker_request", schema=None) as batch_op:
        batch_op.drop_index("ix_water_tanker_request_department")
    op.drop_table("water_tanker_request")
