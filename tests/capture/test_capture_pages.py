"""The capture page, the API and the command: what a user uploads is captured and reported;
bad files get a clear 400 and change nothing; private addresses stay out; suggested
addresses become contacts whose mail is then captured."""

import io

import pytest
from django.core.management import CommandError, call_command
from rest_framework.test import APIClient

from capture.models import CapturedItem, Exclusion, UnknownAddress
from interventions.models import Interaction
from stakeholders.models import Contact
from tests import factories
from tests.capture.files import DATA
from trust import tokens

pytestmark = pytest.mark.django_db


def _api(user):
    _, key = tokens.api_token_create(user=user)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


def test_uploading_several_files_reports_what_was_captured(client, cast):
    client.force_login(cast["alice"])
    with open(DATA / "outlook.eml", "rb") as mail, open(DATA / "apple.ics", "rb") as calendar:
        response = client.post("/capture/", {"files": [mail, calendar]})
    assert response.status_code == 200
    text = response.content.decode()
    assert "<dt>Created</dt><dd>4</dd>" in text
    assert Interaction.objects.count() == 4
    assert 'see <a href="/capture/suggestions/">suggested contacts</a>' not in text


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("notes.txt", b"\x00\x01\x02 not mail at all"),
        ("photo.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 100),
        ("empty.eml", b""),
    ],
)
def test_a_file_that_is_not_mail_or_a_calendar_is_a_400_that_says_so(client, cast, name, content):
    client.force_login(cast["alice"])
    upload = io.BytesIO(content)
    upload.name = name
    response = client.post("/capture/", {"files": [upload]})
    if content:
        assert response.status_code == 400
        assert "is not an e-mail (.eml), a mailbox (.mbox) or a calendar (.ics)" in (
            response.content.decode()
        )
    else:
        # An empty upload is no file at all.
        assert response.status_code == 400
        assert "The submitted file is empty." in response.content.decode()
    assert not CapturedItem.objects.exists()


def test_a_file_over_the_page_limit_is_refused_before_it_is_read(client, cast, settings):
    settings.RELMAP_CAPTURE_MAX_UPLOAD_BYTES = 1000
    client.force_login(cast["alice"])
    with open(DATA / "outlook.eml", "rb") as mail:
        response = client.post("/capture/", {"files": [mail]})
    assert response.status_code == 400
    assert "outlook.eml is 1.4\xa0KB: the limit is 1000\xa0bytes." in response.content.decode()
    assert not CapturedItem.objects.exists()


def test_the_api_answers_the_five_counts(cast):
    api = _api(cast["bob"])  # Bob's meeting with Chloe
    with open(DATA / "outlook-invite.ics", "rb") as invite:
        response = api.post("/api/v1/capture/", {"file": invite}, format="multipart")
    assert response.status_code == 200
    assert response.json() == {
        "created": 1,
        "updated": 0,
        "removed": 0,
        "skipped": 0,
        "unmatched": 0,
    }
    with open(DATA / "outlook-cancel.ics", "rb") as cancel:
        response = api.post("/api/v1/capture/", {"file": cancel}, format="multipart")
    assert response.json()["removed"] == 1


def test_the_api_refuses_a_bad_file_and_no_file_with_a_400(cast):
    api = _api(cast["alice"])
    junk = io.BytesIO(b"\x00\xff" * 100)
    junk.name = "junk.bin"
    response = api.post("/api/v1/capture/", {"file": junk}, format="multipart")
    assert response.status_code == 400
    assert "is not an e-mail" in response.json()["file"][0]
    assert api.post("/api/v1/capture/", {}, format="multipart").status_code == 400
    assert APIClient().post("/api/v1/capture/", {}).status_code == 401


def test_the_command_captures_files_and_prints_the_summary(cast, capsys):
    call_command("capture", str(DATA / "outlook.eml"), str(DATA / "gmail.eml"), "--as", "alice")
    out = capsys.readouterr().out
    assert out == "2 created, 0 updated, 0 removed, 0 skipped, 0 unmatched\n"
    assert Interaction.objects.filter(logged_by=cast["alice"]).count() == 2
    with pytest.raises(CommandError, match="No active user"):
        call_command("capture", str(DATA / "outlook.eml"), "--as", "nobody")
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("capture", str(DATA / "missing.eml"))


def test_subjects_can_be_withheld_organisation_wide(cast, client, settings):
    settings.RELMAP_CAPTURE_SUBJECTS = False
    client.force_login(cast["alice"])
    with open(DATA / "outlook.eml", "rb") as mail:
        client.post("/capture/", {"files": [mail]})
    interaction = Interaction.objects.get()
    assert interaction.summary == "E-mail with Chloe Petrov"
    assert CapturedItem.objects.get().subject == ""


def test_a_private_address_keeps_mail_out_and_removes_what_was_captured(cast, client):
    client.force_login(cast["alice"])
    with open(DATA / "outlook.eml", "rb") as mail:
        client.post("/capture/", {"files": [mail]})
    assert Interaction.objects.count() == 1
    response = client.post("/capture/private/", {"pattern": "@Acme-Steel.example"}, follow=True)
    assert "acme-steel.example is kept out of capture. 1 captured item(s) with it removed." in (
        response.content.decode()
    )
    assert not Interaction.objects.exists() and not CapturedItem.objects.exists()
    with open(DATA / "gmail.eml", "rb") as mail:
        response = client.post("/capture/", {"files": [mail]})
    assert "1 skipped: private (an excluded address)" in response.content.decode()
    assert not Interaction.objects.exists()
    # Bob's mail with Acme is not Alice's to keep out.
    assert Exclusion.objects.get().user == cast["alice"]
    bad = client.post("/capture/private/", {"pattern": "not an address"})
    assert bad.status_code == 400 and "Enter an e-mail address or a domain" in bad.content.decode()
    exclusion = Exclusion.objects.get()
    assert client.post(f"/capture/private/{exclusion.pk}/delete/").status_code == 302
    assert not Exclusion.objects.exists()
    other = factories.UserFactory()
    mine = Exclusion.objects.create(user=other, pattern="x.example")
    assert client.post(f"/capture/private/{mine.pk}/delete/").status_code == 404


def test_a_suggestion_becomes_a_contact_and_its_mail_interactions(cast, client):
    alice, contoso = cast["alice"], cast["contoso"]
    contoso.website = "https://www.contoso.example/"
    contoso.save()
    client.force_login(alice)
    with open(DATA / "outlook.eml", "rb") as mail:
        client.post("/capture/", {"files": [mail]})
    page = client.get("/capture/suggestions/").content.decode()
    assert "anna@contoso.example" in page
    assert "add as a contact at Contoso?" in page
    assert 'value="Anna"' in page
    response = client.post(
        "/capture/suggestions/add/",
        {
            "address": "anna@contoso.example",
            "organisation": contoso.pk,
            "first_name": "Anna",
            "last_name": "Lind",
        },
        follow=True,
    )
    assert "Anna Lind added at Contoso; the messages with them are captured as interactions." in (
        response.content.decode()
    )
    anna = Contact.objects.get(email="anna@contoso.example")
    assert anna.organisation == contoso
    # The message now has two interactions: at Acme (Chloe) and at Contoso (Anna).
    assert sorted(Interaction.objects.values_list("organisation__name", flat=True)) == [
        "Acme Steel",
        "Contoso",
    ]
    assert not UnknownAddress.objects.exists()
    assert "No suggestions" in client.get("/capture/suggestions/").content.decode()


def test_suggestions_are_only_from_mail_one_took_part_in(cast, client):
    with open(DATA / "outlook.eml", "rb") as mail:
        client.force_login(cast["alice"])
        client.post("/capture/", {"files": [mail]})
    client.force_login(cast["bob"])
    assert "anna@contoso.example" not in client.get("/capture/suggestions/").content.decode()
    # Not one of Bob's suggestions: nothing there for him.
    response = client.post(
        "/capture/suggestions/add/",
        {"address": "anna@contoso.example", "organisation_name": "Contoso", "first_name": "A"},
    )
    assert response.status_code == 404
    dismissed = client.post("/capture/suggestions/dismiss/", {"address": "anna@contoso.example"})
    assert dismissed.status_code == 404
    assert not Contact.objects.filter(email="anna@contoso.example").exists()
    assert UnknownAddress.objects.count() == 1
    client.force_login(cast["erin"])  # executives see every suggestion
    assert "anna@contoso.example" in client.get("/capture/suggestions/").content.decode()


def test_a_suggestion_without_a_known_organisation_takes_its_exact_name(cast, client):
    client.force_login(cast["alice"])
    with open(DATA / "outlook.eml", "rb") as mail:
        client.post("/capture/", {"files": [mail]})
    page = client.get("/capture/suggestions/").content.decode()
    assert "no organisation has the domain contoso.example yet" in page
    refused = client.post(
        "/capture/suggestions/add/",
        {"address": "anna@contoso.example", "organisation_name": "Contoz", "first_name": "Anna"},
    )
    assert refused.status_code == 400
    assert "No single organisation is named “Contoz”" in refused.content.decode()
    assert not Contact.objects.filter(email="anna@contoso.example").exists()
    client.post(
        "/capture/suggestions/add/",
        {"address": "anna@contoso.example", "organisation_name": "contoso", "first_name": "Anna"},
    )
    assert Contact.objects.get(email="anna@contoso.example").organisation == cast["contoso"]


def test_a_suggestion_at_a_fenced_account_is_only_for_its_team(cast, client):
    bob = cast["bob"]
    mail = io.BytesIO(
        b"From: bob.baker@northwind-freight.example\nTo: anna@contoso.example\n"
        b"Date: Tue, 17 Nov 2026 09:13:58 +0000\nMessage-ID: <b1@x>\nSubject: Hi\n\nHello\n"
    )
    mail.name = "bob.eml"
    client.force_login(bob)
    client.post("/capture/", {"files": [mail]})
    response = client.post(
        "/capture/suggestions/add/",
        {"address": "anna@contoso.example", "organisation": cast["acme"].pk, "first_name": "A"},
    )
    assert response.status_code == 403
    assert not Contact.objects.filter(email="anna@contoso.example").exists()


def test_an_upload_captures_only_what_its_sender_took_part_in(cast, client):
    # Bob sends Alice's mail with Chloe (forged or not): not his to record, change or remove.
    client.force_login(cast["bob"])
    with open(DATA / "outlook.eml", "rb") as mail:
        response = client.post("/capture/", {"files": [mail]})
    assert "1 skipped: not yours (you did not take part)" in response.content.decode()
    assert not Interaction.objects.exists() and not CapturedItem.objects.exists()
    # Executives and administrators capture for anyone (a shared export, say).
    client.force_login(cast["erin"])
    with open(DATA / "outlook.eml", "rb") as mail:
        client.post("/capture/", {"files": [mail]})
    assert Interaction.objects.count() == 1


def test_one_bad_file_among_several_captures_none(cast, client):
    junk = io.BytesIO(b"\x00\x01 not mail")
    junk.name = "junk.bin"
    client.force_login(cast["alice"])
    with open(DATA / "outlook.eml", "rb") as mail:
        response = client.post("/capture/", {"files": [mail, junk]})
    assert response.status_code == 400
    assert not CapturedItem.objects.exists()


def test_not_a_contact_dismisses_the_suggestion(cast, client):
    client.force_login(cast["alice"])
    with open(DATA / "outlook.eml", "rb") as mail:
        client.post("/capture/", {"files": [mail]})
    client.post("/capture/suggestions/dismiss/", {"address": "anna@contoso.example"})
    assert not UnknownAddress.objects.exists()


@pytest.mark.parametrize("addresses", [1, 10, 40])
def test_the_suggestions_page_costs_a_constant_number_of_queries(
    cast, client, django_assert_num_queries, addresses
):
    alice = cast["alice"]
    for n in range(addresses):
        item = CapturedItem.objects.create(
            key=f"k{n}", kind="email", occurred_at="2026-11-01T10:00:00Z", addresses=[]
        )
        item.staff.add(alice)
        UnknownAddress.objects.create(
            item=item, address=f"p{n}@d{n}.example", domain=f"d{n}.example"
        )
    factories.ContactFactory(email="someone@d0.example", organisation=cast["contoso"])
    client.force_login(alice)
    # session, user, staff profile (role), the page of addresses, organisations by website,
    # contacts by e-mail domain, their organisations
    with django_assert_num_queries(7):
        response = client.get("/capture/suggestions/")
    assert response.content.decode().count('class="card suggestion"') == min(addresses, 25)
