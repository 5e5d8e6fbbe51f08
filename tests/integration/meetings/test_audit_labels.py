"""Every change the meetings area writes to the audit log has a German name on the audit page."""

from __future__ import annotations

import re
from pathlib import Path

from meetings.audit_labels import ACTION_LABELS
from meetings.proposal_flow import Step
from portal.labels import AUDIT_ACTION_LABELS

SERVICES = Path(__file__).resolve().parents[3] / "meetings" / "services"
_RECORDED = re.compile(r'audit\.record\(\s*\w+,\s*"([a-z_]+\.[a-z_]+)"')


def _recorded_actions() -> set[str]:
    actions = set()
    for path in SERVICES.glob("*.py"):
        actions.update(_RECORDED.findall(path.read_text(encoding="utf-8")))
    # Written from a value: the suggestion decisions and the proposal steps.
    actions.update({"agenda_suggestion.accept", "agenda_suggestion.decline"})
    actions.update(f"proposal.{step.value}" for step in Step)
    return actions


def test_every_audited_action_of_the_area_has_a_label():
    recorded = _recorded_actions()

    assert len(recorded) > 40
    assert recorded - ACTION_LABELS.keys() == set()


def test_the_area_adds_its_labels_to_the_audit_page(app):
    assert str(AUDIT_ACTION_LABELS["ballot.vote"]) == "Stimme abgegeben"


def test_the_audit_page_names_the_areas_changes_in_german(
    client, auth, personas, body, create_meeting
):
    from meetings.services import scheduling

    meeting = create_meeting(body)
    scheduling.cancel_meeting(personas["secretariat"], meeting, reason="Krankheit")
    auth.login_as(personas["secretariat"])

    page = client.get("/audit/").get_data(as_text=True)

    assert "Sitzung abgesagt" in page
