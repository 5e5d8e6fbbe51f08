"""Add the data version, which the page cache of every process checks.

It starts at the time of the upgrade: pages cached before an upgrade are gone with the restart
the upgrade needs anyway.

Revision ID: a1d2c3e4f5a6
Revises: eeeec4f88884
Create Date: 2026-11-25 00:30:00.000000

"""

import time

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "a1d2c3e4f5a6"
down_revision = "eeeec4f88884"
branch_labels = None
depends_on = None


def upgrade():
    data_version = op.create_table(
        "data_version",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_data_version")),
    )
    op.bulk_insert(data_version, [{"id": 1, "version": time.time_ns() // 1000}])


def downgrade():
    op.drop_table("data_version")
