"""The public survey page: labelled questions in our organisation's name, no login, no
script; the answer becomes their side's assessment and the manager is told; a used, expired
or unknown link gets the same clear page and stores nothing."""

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from notifications.models import Notification
from stakeholders.models import Assessment, AssessmentRequest

pytestmark = pytest.mark.django_db

ANSWERS = {
    "trust": "4",
    "openness": "3",
    "transparency": "5",
    "appropriateness": "4",
    "longevity": "2",
    "stage": "loyalty",
    "nps": "9",
    "comment": "Deliveries improved a lot this year.",
}


def test_the_page_asks_the_labelled_questions_in_our_name_without_a_script(ceo, ask, settings):
    settings.RELMAP_ORGANISATION_NAME = "Acme Logistics"
    _, path = ask(ceo)
    response = Client().get(path)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Acme Logistics" in page and "Dear Clara" in page
    for label in (
        "<legend>Trust</legend>",
        "<legend>Openness</legend>",
        "<legend>Transparency</legend>",
        "<legend>Appropriateness</legend>",
        "<legend>Longevity</legend>",
        "<legend>Stage</legend>",
        "<legend>How likely are you to recommend us?</legend>",
        ">Comment</label>",
        ">Send answers</button>",
        "You can rely on us to do what we say we will do.",
    ):
        assert label in page
    assert "<script" not in page and "style=" not in page
    assert "Content-Security-Policy" in response.headers
    assert response.headers["Cache-Control"] == "no-store"


def test_an_answer_becomes_their_assessment_and_the_manager_is_told(owner, ceo, ask):
    request, path = ask(ceo)
    response = Client().post(path, ANSWERS)
    assert response.status_code == 200 and "Thank you" in response.content.decode()
    assessment = Assessment.objects.get(pk=request.assessment_id)
    assert assessment.side == Assessment.Side.THEIRS and assessment.respondent == ceo
    assert (assessment.trust, assessment.openness, assessment.transparency) == (4, 3, 5)
    assert (assessment.appropriateness, assessment.longevity) == (4, 2)
    assert (assessment.stage, assessment.nps) == ("loyalty", 9)
    assert assessment.comment == "Deliveries improved a lot this year."
    assert assessment.requested_at < assessment.assessed_at
    assert AssessmentRequest.objects.get().answered_at == assessment.assessed_at
    (notification,) = Notification.objects.filter(user=owner)
    assert notification.kind == "survey_answered"
    assert "Clara Chief" in notification.message
    assert notification.url == f"/organisations/{ceo.organisation_id}/assessments/"


def test_the_optional_questions_may_be_left_out(ceo, ask):
    request, path = ask(ceo)
    answers = {k: v for k, v in ANSWERS.items() if k not in ("stage", "nps", "comment")}
    assert Client().post(path, answers).status_code == 200
    assessment = Assessment.objects.get(pk=request.assessment_id)
    assert (assessment.stage, assessment.nps, assessment.comment) == ("", None, "")


@pytest.mark.parametrize(
    "change",
    [
        {"trust": ""},
        {"trust": "6"},
        {"openness": "0"},
        {"nps": "11"},
        {"nps": "-1"},
        {"stage": "ecstatic"},
        {"comment": "x" * 2001},
        {"comment": "nul\x00byte"},
        {"website": "https://spam.example"},
    ],
)
def test_bad_answers_are_a_400_with_the_form_and_store_nothing(ceo, ask, change):
    request, path = ask(ceo)
    response = Client().post(path, {**ANSWERS, **change})
    assert response.status_code == 400
    assert 'role="alert"' in response.content.decode()
    assessment = Assessment.objects.get(pk=request.assessment_id)
    assert assessment.assessed_at is None and assessment.trust is None
    assert AssessmentRequest.objects.get().answered_at is None


def test_a_link_works_once(ceo, ask):
    _, path = ask(ceo)
    assert Client().post(path, ANSWERS).status_code == 200
    again = Client().post(path, {**ANSWERS, "trust": "1"})
    assert again.status_code == 404
    assert "This survey link does not work" in again.content.decode()
    assert Assessment.objects.get().trust == 4
    assert Client().get(path).status_code == 404


def test_an_expired_link_stores_nothing(ceo, ask):
    _, path = ask(ceo, now=timezone.now() - dt.timedelta(days=31))
    response = Client().post(path, ANSWERS)
    assert response.status_code == 404
    assert Assessment.objects.get().assessed_at is None


def test_unknown_used_and_expired_links_look_alike(ceo, ask):
    _, used = ask(ceo)
    Client().post(used, ANSWERS)
    other = ceo.__class__.objects.create(
        first_name="Old", email="old@fenced.example", organisation=ceo.organisation
    )
    _, expired = ask(other, now=timezone.now() - dt.timedelta(days=40))
    pages = {
        Client().get(path).content.decode()
        for path in (used, expired, "/survey/" + "a" * 64 + "/", "/survey/x/")
    }
    assert len(pages) == 1
    assert "already been answered, it has expired, or it was not copied in full" in pages.pop()


def test_a_very_long_token_is_an_unknown_link(db):
    response = Client().get("/survey/" + "a" * 5000 + "/")
    assert response.status_code == 404
