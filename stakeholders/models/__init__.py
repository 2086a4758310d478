"""Everyone on both sides of a relationship, and the relationships between them."""

from stakeholders.models.accounts import Account
from stakeholders.models.assessments import Assessment
from stakeholders.models.base import (
    SCALE_1_5,
    TIERS_NEEDED_BY_LEVEL,
    Level,
    Role,
    Seniority,
    SyncedModel,
    Tier,
    TimeStampedModel,
)
from stakeholders.models.contacts import Contact
from stakeholders.models.organisations import Community, Organisation
from stakeholders.models.our_side import StaffProfile, Unit
from stakeholders.models.relationships import Relationship
from stakeholders.models.surveys import AssessmentRequest
from stakeholders.models.sync_state import SyncState, SyncView

__all__ = [
    "SCALE_1_5",
    "TIERS_NEEDED_BY_LEVEL",
    "Account",
    "Assessment",
    "AssessmentRequest",
    "Community",
    "Contact",
    "Level",
    "Organisation",
    "Relationship",
    "Role",
    "Seniority",
    "StaffProfile",
    "SyncState",
    "SyncView",
    "SyncedModel",
    "Tier",
    "TimeStampedModel",
    "Unit",
]
