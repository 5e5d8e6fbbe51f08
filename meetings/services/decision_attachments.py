"""Files attached to a decision (a presentation, an annex of the resolution).

As visible as the decision (``decision.view``), every older version too; whoever keeps the
decision register of the body (``decision.manage``) adds, replaces and removes them. The
decision itself is never changed by it. Used with ``portal.services.attachment_lists``.
"""

from __future__ import annotations

from meetings.models import DecisionAttachment
from meetings.services.decisions import decision_reference
from portal.permissions import Action
from portal.services.attachment_lists import AttachmentSpec

DECISION_ATTACHMENTS = AttachmentSpec(
    model=DecisionAttachment,
    owner_key="decision_id",
    view=Action.DECISION_VIEW,
    edit=Action.DECISION_MANAGE,
    audit_prefix="decision_attachment",
    label=decision_reference,
)
