"""Add proposals, ballots and votes, the decision register with follow-up actions.

Bodies gain their written-procedure rule, the live-results switch and the reference prefix;
agenda items their linked proposal. The two new NOT NULL columns of ``bodies`` get their value
for existing rows from a server default that is dropped again.

Revision ID: c52d91f0c720
Revises: a1d2c3e4f5a6
Create Date: 2026-11-25 01:21:22.007422

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "c52d91f0c720"
down_revision = "a1d2c3e4f5a6"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "proposals",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("body_id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("submitter_id", sa.Integer(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "draft",
                "in_deliberation",
                "forwarded",
                "accepted",
                "returned",
                "scheduled",
                "decided",
                "withdrawn",
                name="proposalstatus",
                native_enum=False,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column("rationale", sa.Text(), nullable=False),
        sa.Column("resolution_text", sa.Text(), nullable=False),
        sa.Column("costs", sa.Text(), nullable=False),
        sa.Column("affected_organisations", sa.Text(), nullable=False),
        sa.Column("recommendation", sa.Text(), nullable=False),
        sa.Column("group_votes_yes", sa.Integer(), nullable=True),
        sa.Column("group_votes_no", sa.Integer(), nullable=True),
        sa.Column("group_votes_abstain", sa.Integer(), nullable=True),
        sa.Column("waiting_since", sa.DateTime(timezone=True), nullable=True),
        sa.Column(
            "outcome",
            sa.Enum(
                "adopted",
                "adopted_with_changes",
                "rejected",
                "deferred",
                "referred_back",
                name="outcome",
                native_enum=False,
                length=30,
            ),
            nullable=True,
        ),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("lock_version", sa.Integer(), nullable=False),
        sa.CheckConstraint("number > 0", name=op.f("ck_proposals_number_positive")),
        sa.ForeignKeyConstraint(
            ["body_id"], ["bodies.id"], name=op.f("fk_proposals_body_id_bodies")
        ),
        sa.ForeignKeyConstraint(
            ["submitter_id"], ["users.id"], name=op.f("fk_proposals_submitter_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_proposals")),
        sa.UniqueConstraint("body_id", "year", "number", name="uq_proposals_body_id_year_number"),
    )
    with op.batch_alter_table("proposals", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_proposals_body_id"), ["body_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_proposals_status"), ["status"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_proposals_submitter_id"), ["submitter_id"], unique=False
        )

    op.create_table(
        "amendments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("proposal_id", sa.Integer(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=False),
        sa.Column("resolution_text", sa.Text(), nullable=False),
        sa.Column("rationale", sa.Text(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "tabled",
                "adopted",
                "rejected",
                "withdrawn",
                name="amendmentstatus",
                native_enum=False,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["author_id"], ["users.id"], name=op.f("fk_amendments_author_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["proposal_id"],
            ["proposals.id"],
            name=op.f("fk_amendments_proposal_id_proposals"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_amendments")),
    )
    with op.batch_alter_table("amendments", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_amendments_proposal_id"), ["proposal_id"], unique=False
        )

    op.create_table(
        "proposal_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("proposal_id", sa.Integer(), nullable=False),
        sa.Column(
            "step",
            sa.Enum(
                "submit_for_deliberation",
                "forward",
                "accept",
                "return",
                "revise",
                "schedule",
                "unschedule",
                "decide",
                "withdraw",
                name="step",
                native_enum=False,
                length=30,
            ),
            nullable=False,
        ),
        sa.Column(
            "status_after",
            sa.Enum(
                "draft",
                "in_deliberation",
                "forwarded",
                "accepted",
                "returned",
                "scheduled",
                "decided",
                "withdrawn",
                name="proposalstatus",
                native_enum=False,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("body_id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["actor_id"],
            ["users.id"],
            name=op.f("fk_proposal_events_actor_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["body_id"], ["bodies.id"], name=op.f("fk_proposal_events_body_id_bodies")
        ),
        sa.ForeignKeyConstraint(
            ["meeting_id"],
            ["meetings.id"],
            name=op.f("fk_proposal_events_meeting_id_meetings"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["proposal_id"],
            ["proposals.id"],
            name=op.f("fk_proposal_events_proposal_id_proposals"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_proposal_events")),
    )
    with op.batch_alter_table("proposal_events", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_proposal_events_proposal_id"), ["proposal_id"], unique=False
        )

    op.create_table(
        "proposal_links",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("proposal_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("target_id", sa.Integer(), nullable=False),
        sa.Column("label", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(
            ["proposal_id"],
            ["proposals.id"],
            name=op.f("fk_proposal_links_proposal_id_proposals"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_proposal_links")),
        sa.UniqueConstraint("proposal_id", "kind", "target_id", name="uq_proposal_links_target"),
    )
    with op.batch_alter_table("proposal_links", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_proposal_links_proposal_id"), ["proposal_id"], unique=False
        )

    op.create_table(
        "ballots",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("body_id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=True),
        sa.Column("agenda_item_id", sa.Integer(), nullable=True),
        sa.Column("proposal_id", sa.Integer(), nullable=True),
        sa.Column("amendment_id", sa.Integer(), nullable=True),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "recorded", "electronic", "written", name="ballotkind", native_enum=False, length=20
            ),
            nullable=False,
        ),
        sa.Column(
            "secrecy",
            sa.Enum("named", "secret", name="ballotsecrecy", native_enum=False, length=20),
            nullable=False,
        ),
        sa.Column(
            "rule",
            sa.Enum(
                "simple",
                "absolute",
                "two_thirds",
                "absolute_of_seats",
                "unanimity",
                "consensus",
                "unanimity_of_seats",
                name="majorityrule",
                native_enum=False,
                length=30,
            ),
            nullable=False,
        ),
        sa.Column(
            "quorum_rule",
            sa.Enum(
                "majority_of_seats",
                "third_of_seats",
                "none",
                name="quorumrule",
                native_enum=False,
                length=30,
            ),
            nullable=False,
        ),
        sa.Column("allows_changes", sa.Boolean(), nullable=False),
        sa.Column("shows_live_results", sa.Boolean(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "open", "closed", "cancelled", name="ballotstatus", native_enum=False, length=20
            ),
            nullable=False,
        ),
        sa.Column("opened_by_id", sa.Integer(), nullable=False),
        sa.Column("opened_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("closes_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("closed_by_id", sa.Integer(), nullable=True),
        sa.Column("cancel_reason", sa.String(length=2000), nullable=False),
        sa.Column("voting_seats", sa.Integer(), nullable=True),
        sa.Column("votes_yes", sa.Integer(), nullable=True),
        sa.Column("votes_no", sa.Integer(), nullable=True),
        sa.Column("votes_abstain", sa.Integer(), nullable=True),
        sa.Column("result", sa.String(length=20), nullable=True),
        sa.CheckConstraint(
            "agenda_item_id IS NOT NULL OR proposal_id IS NOT NULL OR amendment_id IS NOT NULL",
            name=op.f("ck_ballots_has_subject"),
        ),
        sa.ForeignKeyConstraint(
            ["agenda_item_id"],
            ["agenda_items.id"],
            name=op.f("fk_ballots_agenda_item_id_agenda_items"),
        ),
        sa.ForeignKeyConstraint(
            ["amendment_id"], ["amendments.id"], name=op.f("fk_ballots_amendment_id_amendments")
        ),
        sa.ForeignKeyConstraint(["body_id"], ["bodies.id"], name=op.f("fk_ballots_body_id_bodies")),
        sa.ForeignKeyConstraint(
            ["closed_by_id"], ["users.id"], name=op.f("fk_ballots_closed_by_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["meeting_id"], ["meetings.id"], name=op.f("fk_ballots_meeting_id_meetings")
        ),
        sa.ForeignKeyConstraint(
            ["opened_by_id"], ["users.id"], name=op.f("fk_ballots_opened_by_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["proposal_id"], ["proposals.id"], name=op.f("fk_ballots_proposal_id_proposals")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ballots")),
    )
    with op.batch_alter_table("ballots", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_ballots_agenda_item_id"), ["agenda_item_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_ballots_amendment_id"), ["amendment_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_ballots_body_id"), ["body_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_ballots_closes_at"), ["closes_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_ballots_meeting_id"), ["meeting_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_ballots_proposal_id"), ["proposal_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_ballots_status"), ["status"], unique=False)

    op.create_table(
        "ballot_seats",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("ballot_id", sa.Integer(), nullable=False),
        sa.Column("membership_id", sa.Integer(), nullable=False),
        sa.Column("is_excluded", sa.Boolean(), nullable=False),
        sa.Column("has_objected", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["ballot_id"],
            ["ballots.id"],
            name=op.f("fk_ballot_seats_ballot_id_ballots"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["membership_id"],
            ["memberships.id"],
            name=op.f("fk_ballot_seats_membership_id_memberships"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ballot_seats")),
        sa.UniqueConstraint("ballot_id", "membership_id", name="uq_ballot_seats_ballot_membership"),
    )
    op.create_table(
        "decisions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("body_id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("decided_on", sa.Date(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=True),
        sa.Column("ballot_id", sa.Integer(), nullable=True),
        sa.Column("proposal_id", sa.Integer(), nullable=True),
        sa.Column("resolution_text", sa.Text(), nullable=False),
        sa.Column(
            "outcome",
            sa.Enum(
                "adopted",
                "adopted_with_changes",
                "rejected",
                "deferred",
                "referred_back",
                name="outcome",
                native_enum=False,
                length=30,
            ),
            nullable=False,
        ),
        sa.Column("votes_yes", sa.Integer(), nullable=True),
        sa.Column("votes_no", sa.Integer(), nullable=True),
        sa.Column("votes_abstain", sa.Integer(), nullable=True),
        sa.Column("supersedes_id", sa.Integer(), nullable=True),
        sa.Column("review_on", sa.Date(), nullable=True),
        sa.Column("created_by_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("number > 0", name=op.f("ck_decisions_number_positive")),
        sa.ForeignKeyConstraint(
            ["ballot_id"], ["ballots.id"], name=op.f("fk_decisions_ballot_id_ballots")
        ),
        sa.ForeignKeyConstraint(
            ["body_id"], ["bodies.id"], name=op.f("fk_decisions_body_id_bodies")
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"], ["users.id"], name=op.f("fk_decisions_created_by_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["meeting_id"], ["meetings.id"], name=op.f("fk_decisions_meeting_id_meetings")
        ),
        sa.ForeignKeyConstraint(
            ["proposal_id"], ["proposals.id"], name=op.f("fk_decisions_proposal_id_proposals")
        ),
        sa.ForeignKeyConstraint(
            ["supersedes_id"], ["decisions.id"], name=op.f("fk_decisions_supersedes_id_decisions")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_decisions")),
        sa.UniqueConstraint("ballot_id", name=op.f("uq_decisions_ballot_id")),
        sa.UniqueConstraint("body_id", "year", "number", name="uq_decisions_body_id_year_number"),
        sa.UniqueConstraint("supersedes_id", name=op.f("uq_decisions_supersedes_id")),
    )
    with op.batch_alter_table("decisions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_decisions_body_id"), ["body_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_decisions_decided_on"), ["decided_on"], unique=False)
        batch_op.create_index(batch_op.f("ix_decisions_meeting_id"), ["meeting_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_decisions_proposal_id"), ["proposal_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_decisions_review_on"), ["review_on"], unique=False)

    op.create_table(
        "secret_tallies",
        sa.Column("ballot_id", sa.Integer(), nullable=False),
        sa.Column("yes", sa.Integer(), nullable=False),
        sa.Column("no", sa.Integer(), nullable=False),
        sa.Column("abstain", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "yes >= 0 AND no >= 0 AND abstain >= 0",
            name=op.f("ck_secret_tallies_counts_not_negative"),
        ),
        sa.ForeignKeyConstraint(
            ["ballot_id"],
            ["ballots.id"],
            name=op.f("fk_secret_tallies_ballot_id_ballots"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("ballot_id", name=op.f("pk_secret_tallies")),
    )
    op.create_table(
        "ballot_turnout",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("seat_id", sa.Integer(), nullable=False),
        sa.Column("cast_by_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["cast_by_id"], ["users.id"], name=op.f("fk_ballot_turnout_cast_by_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["seat_id"],
            ["ballot_seats.id"],
            name=op.f("fk_ballot_turnout_seat_id_ballot_seats"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ballot_turnout")),
        sa.UniqueConstraint("seat_id", name="uq_ballot_turnout_seat_id"),
    )
    op.create_table(
        "follow_up_actions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("decision_id", sa.Integer(), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=True),
        sa.Column("responsible_id", sa.Integer(), nullable=True),
        sa.Column("due_on", sa.Date(), nullable=True),
        sa.Column(
            "status",
            sa.Enum(
                "open",
                "in_progress",
                "done",
                "dropped",
                name="actionstatus",
                native_enum=False,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["decision_id"],
            ["decisions.id"],
            name=op.f("fk_follow_up_actions_decision_id_decisions"),
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f("fk_follow_up_actions_organisation_id_organisations"),
        ),
        sa.ForeignKeyConstraint(
            ["responsible_id"], ["users.id"], name=op.f("fk_follow_up_actions_responsible_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_follow_up_actions")),
    )
    with op.batch_alter_table("follow_up_actions", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_follow_up_actions_decision_id"), ["decision_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_follow_up_actions_due_on"), ["due_on"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_follow_up_actions_responsible_id"), ["responsible_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_follow_up_actions_status"), ["status"], unique=False)

    op.create_table(
        "votes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("seat_id", sa.Integer(), nullable=False),
        sa.Column(
            "choice",
            sa.Enum("yes", "no", "abstain", name="votechoice", native_enum=False, length=10),
            nullable=False,
        ),
        sa.Column("cast_by_id", sa.Integer(), nullable=False),
        sa.Column("cast_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["cast_by_id"], ["users.id"], name=op.f("fk_votes_cast_by_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["seat_id"],
            ["ballot_seats.id"],
            name=op.f("fk_votes_seat_id_ballot_seats"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_votes")),
        sa.UniqueConstraint("seat_id", name="uq_votes_seat_id"),
    )
    op.create_table(
        "action_notes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("action_id", sa.Integer(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=False),
        sa.Column("written_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column(
            "status_after",
            sa.Enum(
                "open",
                "in_progress",
                "done",
                "dropped",
                name="actionstatus",
                native_enum=False,
                length=20,
            ),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["action_id"],
            ["follow_up_actions.id"],
            name=op.f("fk_action_notes_action_id_follow_up_actions"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["author_id"], ["users.id"], name=op.f("fk_action_notes_author_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_action_notes")),
    )
    with op.batch_alter_table("action_notes", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_action_notes_action_id"), ["action_id"], unique=False)

    with op.batch_alter_table("agenda_items", schema=None) as batch_op:
        batch_op.add_column(sa.Column("proposal_id", sa.Integer(), nullable=True))
        batch_op.create_index(
            batch_op.f("ix_agenda_items_proposal_id"), ["proposal_id"], unique=False
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_agenda_items_proposal_id_proposals"),
            "proposals",
            ["proposal_id"],
            ["id"],
            ondelete="SET NULL",
        )

    with op.batch_alter_table("bodies", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "written_procedure_rule",
                sa.Enum(
                    "simple",
                    "absolute",
                    "two_thirds",
                    "absolute_of_seats",
                    "unanimity",
                    "consensus",
                    "unanimity_of_seats",
                    name="majorityrule",
                    native_enum=False,
                    length=30,
                ),
                nullable=False,
                server_default="unanimity_of_seats",
            )
        )
        batch_op.add_column(
            sa.Column("shows_live_results", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch_op.add_column(sa.Column("reference_prefix", sa.String(length=12), nullable=True))
        batch_op.create_unique_constraint(
            batch_op.f("uq_bodies_reference_prefix"), ["reference_prefix"]
        )

    with op.batch_alter_table("bodies", schema=None) as batch_op:
        batch_op.alter_column("written_procedure_rule", server_default=None)
        batch_op.alter_column("shows_live_results", server_default=None)


def downgrade():
    with op.batch_alter_table("bodies", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("uq_bodies_reference_prefix"), type_="unique")
        batch_op.drop_column("reference_prefix")
        batch_op.drop_column("shows_live_results")
        batch_op.drop_column("written_procedure_rule")

    with op.batch_alter_table("agenda_items", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_agenda_items_proposal_id_proposals"), type_="foreignkey"
        )
        batch_op.drop_index(batch_op.f("ix_agenda_items_proposal_id"))
        batch_op.drop_column("proposal_id")

    with op.batch_alter_table("action_notes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_action_notes_action_id"))

    op.drop_table("action_notes")
    op.drop_table("votes")
    with op.batch_alter_table("follow_up_actions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_follow_up_actions_status"))
        batch_op.drop_index(batch_op.f("ix_follow_up_actions_responsible_id"))
        batch_op.drop_index(batch_op.f("ix_follow_up_actions_due_on"))
        batch_op.drop_index(batch_op.f("ix_follow_up_actions_decision_id"))

    op.drop_table("follow_up_actions")
    op.drop_table("ballot_turnout")
    op.drop_table("secret_tallies")
    with op.batch_alter_table("decisions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_decisions_review_on"))
        batch_op.drop_index(batch_op.f("ix_decisions_proposal_id"))
        batch_op.drop_index(batch_op.f("ix_decisions_meeting_id"))
        batch_op.drop_index(batch_op.f("ix_decisions_decided_on"))
        batch_op.drop_index(batch_op.f("ix_decisions_body_id"))

    op.drop_table("decisions")
    op.drop_table("ballot_seats")
    with op.batch_alter_table("ballots", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_ballots_status"))
        batch_op.drop_index(batch_op.f("ix_ballots_proposal_id"))
        batch_op.drop_index(batch_op.f("ix_ballots_meeting_id"))
        batch_op.drop_index(batch_op.f("ix_ballots_closes_at"))
        batch_op.drop_index(batch_op.f("ix_ballots_body_id"))
        batch_op.drop_index(batch_op.f("ix_ballots_amendment_id"))
        batch_op.drop_index(batch_op.f("ix_ballots_agenda_item_id"))

    op.drop_table("ballots")
    with op.batch_alter_table("proposal_links", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_proposal_links_proposal_id"))

    op.drop_table("proposal_links")
    with op.batch_alter_table("proposal_events", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_proposal_events_proposal_id"))

    op.drop_table("proposal_events")
    with op.batch_alter_table("amendments", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_amendments_proposal_id"))

    op.drop_table("amendments")
    with op.batch_alter_table("proposals", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_proposals_submitter_id"))
        batch_op.drop_index(batch_op.f("ix_proposals_status"))
        batch_op.drop_index(batch_op.f("ix_proposals_body_id"))

    op.drop_table("proposals")
