"""The kim-portal command: create-user, demo-data, check-config."""

from sqlalchemy import func, select

from documents.models import Document
from meetings.models import Meeting
from portal import passwords
from portal.extensions import db
from portal.models import Body, GlobalRole, Membership, MembershipRole, Organisation, User


def test_create_user_reads_the_password_from_stdin(runner):
    result = runner.invoke(
        args=[
            "create-user",
            "--email",
            "Neu@RKN.example",
            "--name",
            "Neue Person",
            "--role",
            "admin",
            "--password-stdin",
        ],
        input="ein langes sicheres Passwort\n",
    )

    assert result.exit_code == 0, result.output
    user = db.session.scalar(select(User))
    assert user.email == "neu@rkn.example" and user.role == GlobalRole.ADMIN
    assert passwords.verify_password(user.password_hash, "ein langes sicheres Passwort")


def test_create_user_prompts_for_the_password_twice(runner):
    result = runner.invoke(
        args=["create-user", "--email", "p@rkn.example", "--name", "P"],
        input="ein langes sicheres Passwort\nein langes sicheres Passwort\n",
    )

    assert result.exit_code == 0, result.output
    assert db.session.scalar(select(User.role)) == GlobalRole.MEMBER


def test_create_user_refuses_a_weak_password(runner):
    result = runner.invoke(
        args=["create-user", "--email", "p@rkn.example", "--name", "P", "--password-stdin"],
        input="kurz\n",
    )

    assert result.exit_code == 1
    assert "mindestens 12 Zeichen" in result.output
    assert db.session.scalar(select(func.count()).select_from(User)) == 0


def test_demo_data_builds_the_rhein_kreis_neuss(runner):
    result = runner.invoke(args=["demo-data"])

    assert result.exit_code == 0, result.output
    meetings = db.session.scalar(select(func.count()).select_from(Meeting))
    documents = db.session.scalar(select(func.count()).select_from(Document))
    assert result.output.rstrip().endswith(f"{meetings} meetings, {documents} documents.")
    assert meetings >= 5 and documents >= 1
    municipalities = db.session.scalars(
        select(Organisation.name).where(Organisation.kind == "municipality")
    )
    assert len(list(municipalities)) == 8
    steering = db.session.scalar(select(Body).where(Body.slug == "lenkungsgruppe"))
    chair = db.session.scalar(
        select(User)
        .join(Membership)
        .where(Membership.body_id == steering.id, Membership.role == MembershipRole.CHAIR)
    )
    assert chair.email == "vorsitz@demo.example"
    voting_seats = db.session.scalar(
        select(func.count())
        .select_from(Membership)
        .where(
            Membership.body_id == steering.id,
            Membership.has_voting_right.is_(True),
            Membership.deputy_of_id.is_(None),
        )
    )
    # chair, 8 municipalities, 2 district departments, Jobcenter, Agentur, BAMF, Wohlfahrt,
    # Wirtschaft
    assert voting_seats == 16
    case_managers = db.session.scalar(
        select(func.count()).select_from(User).where(User.role == "case_manager")
    )
    assert case_managers == 6
    slugs = set(db.session.scalars(select(Body.slug)))
    assert slugs == {"lenkungsgruppe", "ag-verfahrensebene", "ag-fallebene"}


def test_every_demo_login_works(runner, client):
    runner.invoke(args=["demo-data"])
    for email in [
        "admin@demo.example",
        "sekretariat@demo.example",
        "vorsitz@demo.example",
        "mitglied@demo.example",
        "vertretung@demo.example",
        "ag-leitung@demo.example",
        "cm@demo.example",
        "gast@demo.example",
    ]:
        response = client.post("/login", data={"email": email, "password": "kim-demo-2026"})
        assert response.status_code == 302, email
        client.post("/logout")


def test_the_demo_deputy_stands_in_for_the_demo_member(runner):
    runner.invoke(args=["demo-data"])

    deputy = db.session.scalar(
        select(Membership)
        .join(User)
        .where(User.email == "vertretung@demo.example", Membership.role == "deputy")
    )
    assert deputy.deputy_of.user.email == "mitglied@demo.example"


def test_demo_data_refuses_a_database_with_data(runner, create_user):
    create_user()

    result = runner.invoke(args=["demo-data"])

    assert result.exit_code == 1
    assert "already holds data" in result.output
    assert db.session.scalar(select(func.count()).select_from(Body)) == 0


def test_demo_data_if_empty_skips_quietly(runner, create_user):
    create_user()

    result = runner.invoke(args=["demo-data", "--if-empty"])

    assert result.exit_code == 0
    assert db.session.scalar(select(func.count()).select_from(Body)) == 0


def test_check_config_reports_the_database(runner):
    result = runner.invoke(args=["check-config"])

    assert result.exit_code == 0, result.output
    assert "database:" in result.output and "Configuration OK." in result.output


def test_check_config_pings_redis_when_configured(app, runner):
    app.config["REDIS_URL"] = "redis://127.0.0.1:6379/0"
    assert runner.invoke(args=["check-config"]).exit_code == 0

    app.config["REDIS_URL"] = "redis://:geheim@127.0.0.1:1/0"
    result = runner.invoke(args=["check-config"])

    assert result.exit_code == 1
    assert "Redis does not answer" in result.output
    assert "geheim" not in result.output
