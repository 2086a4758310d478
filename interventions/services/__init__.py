"""Writes about interventions, interactions, commitments and issues: keyword-only, typed,
atomic, each checking the picket fence and its workflow's rules. One module per entity."""

from interventions.services.commitments import (
    commitment_delete,
    commitment_record,
    commitment_set_status,
    commitment_update,
)
from interventions.services.interactions import (
    INTERACTION_FOLDED_FIELDS,
    CommitmentDraft,
    InteractionDraft,
    interaction_delete,
    interaction_log,
    interaction_record,
    interaction_update,
    interactions_record_many,
    interactions_remove,
    interactions_revise_many,
    relationships_refold,
)
from interventions.services.interventions import (
    intervention_close,
    intervention_delete,
    intervention_organisations,
    intervention_plan,
    intervention_require_change,
    intervention_update,
)
from interventions.services.issues import (
    issue_delete,
    issue_escalate,
    issue_record,
    issue_resolve,
    issue_unescalate,
    issue_update,
)
from interventions.services.reminders import commitments_remind

__all__ = [
    "commitments_remind",
    "INTERACTION_FOLDED_FIELDS",
    "CommitmentDraft",
    "commitment_delete",
    "commitment_record",
    "commitment_set_status",
    "commitment_update",
    "interaction_delete",
    "interaction_record",
    "interactions_record_many",
    "interactions_revise_many",
    "interactions_remove",
    "InteractionDraft",
    "interaction_log",
    "interaction_update",
    "intervention_close",
    "intervention_delete",
    "intervention_organisations",
    "intervention_plan",
    "intervention_require_change",
    "intervention_update",
    "issue_delete",
    "issue_escalate",
    "issue_record",
    "issue_resolve",
    "issue_unescalate",
    "issue_update",
    "relationships_refold",
]
