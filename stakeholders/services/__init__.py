"""Writes about stakeholders: keyword-only, typed, atomic. Views, the API, admin and commands
call these; nothing else writes these models. One module per family of models."""

from stakeholders.services.accounts import (
    account_delete,
    account_upsert,
    assessment_delete,
    assessment_record,
    assessment_update,
)
from stakeholders.services.contacts import (
    CONTACT_FIELDS,
    ERASED,
    PERSONAL_FIELDS,
    contact_create,
    contact_delete,
    contact_erase,
    contact_update,
)
from stakeholders.services.organisations import (
    ORGANISATION_FIELDS,
    community_create,
    community_update,
    organisation_create,
    organisation_delete,
    organisation_update,
)
from stakeholders.services.people import staff_create, staff_set_role, unit_create, unit_update
from stakeholders.services.relationships import (
    AGGREGATE_FIELDS,
    Folded,
    between_pairs,
    relationship_create,
    relationship_delete,
    relationship_strength,
    relationship_update,
    relationships_recompute_strength,
    relationships_record_interaction,
    relationships_record_interactions,
    relationships_update_status,
)

__all__ = [
    "CONTACT_FIELDS",
    "ERASED",
    "ORGANISATION_FIELDS",
    "PERSONAL_FIELDS",
    "account_delete",
    "account_upsert",
    "assessment_delete",
    "assessment_record",
    "assessment_update",
    "community_create",
    "community_update",
    "contact_create",
    "contact_delete",
    "contact_erase",
    "contact_update",
    "organisation_create",
    "organisation_delete",
    "organisation_update",
    "relationship_create",
    "relationship_delete",
    "relationship_strength",
    "relationship_update",
    "relationships_recompute_strength",
    "Folded",
    "relationships_record_interaction",
    "AGGREGATE_FIELDS",
    "between_pairs",
    "relationships_record_interactions",
    "relationships_update_status",
    "staff_create",
    "staff_set_role",
    "unit_create",
    "unit_update",
]
