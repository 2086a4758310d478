from django.urls import path

from interventions import views

urlpatterns = [
    path("interactions/new/", views.interaction_new, name="interaction_new"),
    path(
        "interactions/contacts/",
        views.interaction_contact_search,
        name="interaction_contact_search",
    ),
    path("interventions/", views.intervention_list, name="intervention_list"),
    path("interventions/new/", views.intervention_new, name="intervention_new"),
    path("interventions/<int:pk>/", views.intervention_detail, name="intervention_detail"),
    path("interventions/<int:pk>/close/", views.intervention_close, name="intervention_close"),
    path("commitments/new/", views.commitment_new, name="commitment_new"),
    path("commitments/<int:pk>/status/", views.commitment_status, name="commitment_status"),
    path("issues/new/", views.issue_new, name="issue_new"),
    path("issues/<int:pk>/resolve/", views.issue_resolve, name="issue_resolve"),
    path("issues/<int:pk>/escalate/", views.issue_escalate, name="issue_escalate"),
]
