"""Add files attached to meetings, decisions and documents, each with its versions.

Revision ID: fe4315eb3cdc
Revises: 75737a74f58f
Create Date: 2026-11-25 06:37:47.285511

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "fe4315eb3cdc"
down_revision = "75737a74f58f"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "document_attachments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("file_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["documents.id"],
            name=op.f("fk_document_attachments_document_id_documents"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["file_id"],
            ["stored_files.id"],
            name=op.f("fk_document_attachments_file_id_stored_files"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_document_attachments")),
    )
    with op.batch_alter_table("document_attachments", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_document_attachments_document_id"), ["document_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_document_attachments_file_id"), ["file_id"], unique=False
        )

    op.create_table(
        "meeting_attachments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("file_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["file_id"],
            ["stored_files.id"],
            name=op.f("fk_meeting_attachments_file_id_stored_files"),
        ),
        sa.ForeignKeyConstraint(
            ["meeting_id"],
            ["meetings.id"],
            name=op.f("fk_meeting_attachments_meeting_id_meetings"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_meeting_attachments")),
    )
    with op.batch_alter_table("meeting_attachments", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_meeting_attachments_file_id"), ["file_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_meeting_attachments_meeting_id"), ["meeting_id"], unique=False
        )

    op.create_table(
        "decision_attachments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("decision_id", sa.Integer(), nullable=False),
        sa.Column("file_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["decision_id"],
            ["decisions.id"],
            name=op.f("fk_decision_attachments_decision_id_decisions"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["file_id"],
            ["stored_files.id"],
            name=op.f("fk_decision_attachments_file_id_stored_files"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_decision_attachments")),
    )
    with op.batch_alter_table("decision_attachments", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_decision_attachments_decision_id"), ["decision_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_decision_attachments_file_id"), ["file_id"], unique=False
        )


def downgrade():
    with op.batch_alter_table("decision_attachments", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_decision_attachments_file_id"))
        batch_op.drop_index(batch_op.f("ix_decision_attachments_decision_id"))

    op.drop_table("decision_attachments")
    with op.batch_alter_table("meeting_attachments", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_meeting_attachments_meeting_id"))
        batch_op.drop_index(batch_op.f("ix_meeting_attachments_file_id"))

    op.drop_table("meeting_attachments")
    with op.batch_alter_table("document_attachments", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_document_attachments_file_id"))
        batch_op.drop_index(batch_op.f("ix_document_attachments_document_id"))

    op.drop_table("document_attachments")
