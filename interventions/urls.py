from django.urls import path

from interventions.views import feedback_public, issues
from interventions.views.interactions import (
    interaction_contact_search,
    interaction_delete,
    interaction_edit,
    interaction_new,
)
from interventions.views.interventions import (
    intervention_close,
    intervention_detail,
    intervention_edit,
    intervention_list,
    intervention_new,
    intervention_overlaps,
    intervention_start,
)
from interventions.views.records import (
    commitment_new,
    commitment_status,
    issue_escalate,
    issue_new,
    issue_resolve,
)

urlpatterns = [
    path("interactions/new/", interaction_new, name="interaction_new"),
    path("interactions/contacts/", interaction_contact_search, name="interaction_contact_search"),
    path("interactions/<int:pk>/edit/", interaction_edit, name="interaction_edit"),
    path("interactions/<int:pk>/delete/", interaction_delete, name="interaction_delete"),
    path("interventions/", intervention_list, name="intervention_list"),
    path("interventions/new/", intervention_new, name="intervention_new"),
    path("interventions/overlaps/", intervention_overlaps, name="intervention_overlaps"),
    path("interventions/<int:pk>/", intervention_detail, name="intervention_detail"),
    path("interventions/<int:pk>/edit/", intervention_edit, name="intervention_edit"),
    path("interventions/<int:pk>/start/", intervention_start, name="intervention_start"),
    path("interventions/<int:pk>/close/", intervention_close, name="intervention_close"),
    path("commitments/new/", commitment_new, name="commitment_new"),
    path("commitments/<int:pk>/status/", commitment_status, name="commitment_status"),
    path("issues/", issues.issue_list, name="issue_list"),
    path("issues/new/", issue_new, name="issue_new"),
    path("issues/<int:pk>/", issues.issue_detail, name="issue_detail"),
    path("issues/<int:pk>/place/", issues.issue_place, name="issue_place"),
    path("issues/<int:pk>/replies/", issues.issue_add_reply, name="issue_add_reply"),
    path("feedback/", feedback_public.feedback, name="feedback"),
    path(
        "feedback/<str:reference>/<str:secret>/",
        feedback_public.feedback_case,
        name="feedback_case",
    ),
    path("issues/<int:pk>/resolve/", issue_resolve, name="issue_resolve"),
    path("issues/<int:pk>/escalate/", issue_escalate, name="issue_escalate"),
]
