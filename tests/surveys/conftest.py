"""The cast of the survey tests: the owner's fenced account with an executive contact."""

import pytest

from stakeholders.models import AssessmentRequest
from stakeholders.services.surveys import assessment_request_create
from stakeholders.survey_links import survey_path
from tests import factories


@pytest.fixture
def ceo(fenced_org):
    return factories.ContactFactory(
        organisation=fenced_org,
        first_name="Clara",
        last_name="Chief",
        email="clara@fenced.example",
        seniority="executive",
    )


@pytest.fixture
def ask(owner):
    """`ask(contact)` sends `contact` a survey request from the owner; returns it and its
    link's path."""

    def _ask(contact, **kwargs) -> tuple[AssessmentRequest, str]:
        request = assessment_request_create(contact=contact, requested_by=owner, **kwargs)
        return request, survey_path(request.nonce)

    return _ask
