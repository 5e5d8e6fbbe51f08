"""Add proposal attachments, the publicity of proposals and decisions, and reminder stamps.

Existing proposals and decisions stay non-public (a server default for the existing rows,
dropped again so the models' defaults rule).

Revision ID: 5f16039f503a
Revises: c52d91f0c720
Create Date: 2026-11-25 02:26:21.613726

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "5f16039f503a"
down_revision = "c52d91f0c720"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "proposal_attachments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("proposal_id", sa.Integer(), nullable=False),
        sa.Column("file_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["file_id"],
            ["stored_files.id"],
            name=op.f("fk_proposal_attachments_file_id_stored_files"),
        ),
        sa.ForeignKeyConstraint(
            ["proposal_id"],
            ["proposals.id"],
            name=op.f("fk_proposal_attachments_proposal_id_proposals"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_proposal_attachments")),
    )
    with op.batch_alter_table("proposal_attachments", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_proposal_attachments_file_id"), ["file_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_proposal_attachments_proposal_id"), ["proposal_id"], unique=False
        )

    with op.batch_alter_table("ballots", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("reminder_sent_at", sa.DateTime(timezone=True), nullable=True)
        )

    with op.batch_alter_table("decisions", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("review_reminded_at", sa.DateTime(timezone=True), nullable=True)
        )
        batch_op.add_column(
            sa.Column("is_public", sa.Boolean(), nullable=False, server_default=sa.false())
        )

    with op.batch_alter_table("proposals", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("is_public", sa.Boolean(), nullable=False, server_default=sa.false())
        )

    with op.batch_alter_table("decisions", schema=None) as batch_op:
        batch_op.alter_column("is_public", server_default=None)
    with op.batch_alter_table("proposals", schema=None) as batch_op:
        batch_op.alter_column("is_public", server_default=None)


def downgrade():
    with op.batch_alter_table("proposals", schema=None) as batch_op:
        batch_op.drop_column("is_public")

    with op.batch_alter_table("decisions", schema=None) as batch_op:
        batch_op.drop_column("is_public")
        batch_op.drop_column("review_reminded_at")

    with op.batch_alter_table("ballots", schema=None) as batch_op:
        batch_op.drop_column("reminder_sent_at")

    with op.batch_alter_table("proposal_attachments", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_proposal_attachments_proposal_id"))
        batch_op.drop_index(batch_op.f("ix_proposal_attachments_file_id"))
    op.drop_table("proposal_attachments")
