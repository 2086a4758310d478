from django.urls import path

from stakeholders.views import (
    accounts,
    assessments,
    communities,
    contacts,
    organisations,
    relationships,
    survey_public,
    surveys,
)

# An organisation's and a contact's own pages bring several apps together: relmap/urls.py
# routes them.
urlpatterns = [
    path("organisations/", organisations.organisation_list, name="organisation_list"),
    path("organisations/new/", organisations.organisation_new, name="organisation_new"),
    path("organisations/<int:pk>/edit/", organisations.organisation_edit, name="organisation_edit"),
    path(
        "organisations/<int:pk>/delete/",
        organisations.organisation_delete,
        name="organisation_delete",
    ),
    path("organisations/<int:pk>/account/", accounts.account_edit, name="account_edit"),
    path(
        "organisations/<int:pk>/assessments/",
        assessments.assessment_list,
        name="assessment_list",
    ),
    path("organisations/<int:pk>/surveys/", surveys.account_surveys, name="account_surveys"),
    path(
        "contacts/<int:pk>/survey/",
        surveys.contact_survey_request,
        name="contact_survey_request",
    ),
    path("surveys/", surveys.survey_overview, name="survey_overview"),
    path("surveys/ask/", surveys.survey_bulk, name="survey_bulk"),
    path("survey/<str:token>/", survey_public.survey, name="survey"),
    path("contacts/", contacts.contact_list, name="contact_list"),
    path("contacts/new/", contacts.contact_new, name="contact_new"),
    path("contacts/<int:pk>/edit/", contacts.contact_edit, name="contact_edit"),
    path("contacts/<int:pk>/archive/", contacts.contact_archive, name="contact_archive"),
    path(
        "contacts/<int:pk>/relationships/new/",
        relationships.relationship_new,
        name="relationship_new",
    ),
    path("relationships/<int:pk>/edit/", relationships.relationship_edit, name="relationship_edit"),
    path("relationships/<int:pk>/end/", relationships.relationship_end, name="relationship_end"),
    path("communities/", communities.community_list, name="community_list"),
    path("communities/new/", communities.community_new, name="community_new"),
    path("communities/<int:pk>/", communities.community_detail, name="community_detail"),
    path("communities/<int:pk>/edit/", communities.community_edit, name="community_edit"),
]
