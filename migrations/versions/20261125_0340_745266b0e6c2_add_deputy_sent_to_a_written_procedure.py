"""Add the deputy a seat holder sends to vote in a written procedure.

Revision ID: 745266b0e6c2
Revises: 5f16039f503a
Create Date: 2026-11-25 03:40:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "745266b0e6c2"
down_revision = "5f16039f503a"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("ballot_seats", schema=None) as batch_op:
        batch_op.add_column(sa.Column("deputy_membership_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_ballot_seats_deputy_membership_id_memberships"),
            "memberships",
            ["deputy_membership_id"],
            ["id"],
        )


def downgrade():
    with op.batch_alter_table("ballot_seats", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_ballot_seats_deputy_membership_id_memberships"), type_="foreignkey"
        )
        batch_op.drop_column("deputy_membership_id")
