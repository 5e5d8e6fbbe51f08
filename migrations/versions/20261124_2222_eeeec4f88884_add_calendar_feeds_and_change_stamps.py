"""Add calendar tokens and feed states, change stamps for feeds, mail calendar parts and language.

``bodies.calendar_changed_at`` and ``agenda_items.updated_at`` start at the row's creation time;
``meetings.cancelled_at`` at the last change of a meeting that is already cancelled.

Revision ID: eeeec4f88884
Revises: 5260562792db
Create Date: 2026-11-24 22:22:20.899084

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "eeeec4f88884"
down_revision = "5260562792db"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "calendar_feed_states",
        sa.Column("feed", sa.String(length=20), nullable=False),
        sa.Column("ref_id", sa.Integer(), nullable=False),
        sa.Column("variant", sa.String(length=40), nullable=False),
        sa.Column("fingerprint", sa.String(length=64), nullable=False),
        sa.Column("etag", sa.String(length=64), nullable=False),
        sa.Column("modified_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.PrimaryKeyConstraint("feed", "ref_id", "variant", name=op.f("pk_calendar_feed_states")),
    )
    op.create_table(
        "calendar_tokens",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("token_digest", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_calendar_tokens_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_calendar_tokens")),
        sa.UniqueConstraint("token_digest", name=op.f("uq_calendar_tokens_token_digest")),
        sa.UniqueConstraint("user_id", name=op.f("uq_calendar_tokens_user_id")),
    )
    for table, column in (("agenda_items", "updated_at"), ("bodies", "calendar_changed_at")):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column(column, sa.DateTime(timezone=True), nullable=True))
        op.execute(f"UPDATE {table} SET {column} = created_at")
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.alter_column(column, existing_type=sa.DateTime(timezone=True), nullable=False)

    with op.batch_alter_table("meetings", schema=None) as batch_op:
        batch_op.add_column(sa.Column("cancelled_at", sa.DateTime(timezone=True), nullable=True))
    op.execute("UPDATE meetings SET cancelled_at = updated_at WHERE status = 'cancelled'")

    with op.batch_alter_table("outbox_messages", schema=None) as batch_op:
        batch_op.add_column(sa.Column("calendar", sa.Text(), nullable=False, server_default=""))
        batch_op.add_column(
            sa.Column("locale", sa.String(length=5), nullable=False, server_default="de")
        )
    with op.batch_alter_table("outbox_messages", schema=None) as batch_op:
        batch_op.alter_column("calendar", existing_type=sa.Text(), server_default=None)
        batch_op.alter_column("locale", existing_type=sa.String(length=5), server_default=None)


def downgrade():
    with op.batch_alter_table("outbox_messages", schema=None) as batch_op:
        batch_op.drop_column("locale")
        batch_op.drop_column("calendar")
    with op.batch_alter_table("meetings", schema=None) as batch_op:
        batch_op.drop_column("cancelled_at")
    with op.batch_alter_table("bodies", schema=None) as batch_op:
        batch_op.drop_column("calendar_changed_at")
    with op.batch_alter_table("agenda_items", schema=None) as batch_op:
        batch_op.drop_column("updated_at")
    op.drop_table("calendar_tokens")
    op.drop_table("calendar_feed_states")
