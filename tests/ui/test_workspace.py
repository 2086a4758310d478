"""Creating, changing and archiving in the browser: organisations and divisions, contacts,
accounts, relationships, communities and assessments, through the services, with the fence."""

import pytest
from django.urls import reverse

from stakeholders.models import Account, Assessment, Community, Contact, Organisation, Relationship
from tests import factories
from trust.models import AuditEvent


@pytest.fixture
def signed_in(client, owner):
    client.force_login(owner)
    return client


def test_an_organisation_and_a_division_are_added_and_changed(signed_in):
    response = signed_in.post("/organisations/new/", {"name": "Borealis Foods", "country": "nl"})
    borealis = Organisation.objects.get(name="Borealis Foods")
    assert response.status_code == 302 and response["Location"] == f"/organisations/{borealis.pk}/"
    assert borealis.country == "NL" and borealis.root_id == borealis.pk
    page = signed_in.get(f"/organisations/new/?parent={borealis.pk}").content.decode()
    assert "Add a division of Borealis Foods" in page
    signed_in.post(
        f"/organisations/new/?parent={borealis.pk}",
        {"name": "Borealis Logistics", "parent": borealis.pk},
    )
    division = Organisation.objects.get(name="Borealis Logistics")
    assert division.parent == borealis and division.root_id == borealis.pk
    signed_in.post(
        f"/organisations/{borealis.pk}/edit/",
        {"name": "Borealis Foods NV", "country": "NL", "is_key_account": "on"},
    )
    borealis.refresh_from_db()
    assert (borealis.name, borealis.is_key_account, borealis.version) == (
        "Borealis Foods NV",
        True,
        2,
    )
    assert AuditEvent.objects.filter(object_id=str(borealis.pk), action="update").exists()


def test_bad_input_keeps_the_page_and_saves_nothing(signed_in):
    response = signed_in.post("/organisations/new/", {"name": "", "website": "not a url"})
    assert response.status_code == 400
    body = response.content.decode()
    assert "Nothing was saved" in body and "This field is required" in body
    assert not Organisation.objects.exists()
    response = signed_in.post("/contacts/new/", {"first_name": "Ana", "email": "nope"})
    assert (
        response.status_code == 400 and "Enter a valid email address" in response.content.decode()
    )
    assert not Contact.objects.exists()


def test_an_organisation_nothing_refers_to_is_deleted_and_one_in_use_is_kept(signed_in):
    empty = factories.OrganisationFactory(name="Empty Ltd")
    used = factories.OrganisationFactory(name="Busy Ltd")
    factories.ContactFactory(organisation=used)
    assert signed_in.post(f"/organisations/{empty.pk}/delete/").status_code == 302
    assert not Organisation.objects.filter(pk=empty.pk).exists()
    response = signed_in.post(f"/organisations/{used.pk}/delete/", follow=True)
    assert "was not deleted: other records still refer to it" in response.content.decode()
    assert Organisation.objects.filter(pk=used.pk).exists()


def test_a_contact_is_added_with_the_labels_of_the_design_changed_and_archived(signed_in):
    organisation = factories.OrganisationFactory(name="Acme")
    form = signed_in.get(f"/contacts/new/?organisation={organisation.pk}").content.decode()
    for label in ("First name", "Last name", "Email", "Phone", "Job title", "Organisation"):
        assert f">{label}</label>" in form
    assert ">Seniority</label>" in form and ">Save contact</button>" in form
    response = signed_in.post(
        f"/contacts/new/?organisation={organisation.pk}",
        {
            "first_name": "Carla",
            "last_name": "Ruiz",
            "email": "carla@acme.example",
            "organisation": organisation.pk,
            "seniority": "executive",
        },
    )
    carla = Contact.objects.get(email="carla@acme.example")
    assert response["Location"] == f"/contacts/{carla.pk}/"
    signed_in.post(
        f"/contacts/{carla.pk}/edit/",
        {
            "first_name": "Carla",
            "last_name": "Ruiz",
            "email": "carla@acme.example",
            "organisation": organisation.pk,
            "seniority": "executive",
            "job_title": "CFO",
        },
    )
    carla.refresh_from_db()
    assert carla.job_title == "CFO" and carla.version == 2
    signed_in.post(f"/contacts/{carla.pk}/archive/")
    carla.refresh_from_db()
    assert carla.is_deleted
    directory = signed_in.get("/contacts/").content.decode()
    assert "Carla" not in directory[directory.index('id="contact-rows"') :]
    assert signed_in.get(f"/contacts/{carla.pk}/").status_code == 404


def test_the_account_manager_holds_the_fence_and_a_team_member_cannot_move_it(
    client, owner, teammate, fenced_account, outsider
):
    url = reverse("account_edit", args=[fenced_account.organisation_id])
    client.force_login(owner)
    response = client.post(
        url,
        {
            "current_level": "2",
            "target_level": "3",
            "manager": owner.pk,
            "team": [teammate.pk, outsider.pk],
            "is_fenced": "on",
            "strategy": "Grow to strategic",
        },
    )
    assert response.status_code == 302
    fenced_account.refresh_from_db()
    assert set(fenced_account.team.all()) == {teammate, outsider}
    assert fenced_account.target_level == 3 and fenced_account.strategy == "Grow to strategic"
    client.force_login(teammate)
    page = client.get(url).content.decode()
    assert "Only administrators and the account&#x27;s manager change" in page
    client.post(url, {"current_level": "2", "target_level": "3", "strategy": "x"})
    fenced_account.refresh_from_db()
    assert fenced_account.is_fenced and fenced_account.manager == owner
    assert fenced_account.strategy == "x"


def test_setting_up_an_account_makes_its_creator_the_manager(signed_in, owner):
    organisation = factories.OrganisationFactory(name="New Co")
    page = signed_in.get(f"/organisations/{organisation.pk}/account/").content.decode()
    assert "Account of New Co" in page
    signed_in.post(
        f"/organisations/{organisation.pk}/account/",
        {"current_level": "1", "target_level": "2", "manager": owner.pk},
    )
    assert Account.objects.get(organisation=organisation).manager == owner


def test_a_relationship_is_added_handed_over_and_ended(client, owner, teammate, fenced_contact):
    client.force_login(owner)
    url = f"/contacts/{fenced_contact.pk}/relationships/new/"
    response = client.post(url, {"staff": teammate.pk, "tier": "executive", "purpose": "Renewal"})
    assert response.status_code == 302
    relationship = Relationship.objects.get(staff=teammate, contact=fenced_contact)
    assert (relationship.owner, relationship.tier) == (teammate, "executive")
    again = client.post(url, {"staff": teammate.pk, "tier": "operational"})
    assert again.status_code == 400 and "already relates to them" in again.content.decode()
    # The account's manager may hand it over; a teammate who does not own it may not.
    client.post(
        f"/relationships/{relationship.pk}/edit/",
        {"tier": "executive", "owner": owner.pk, "purpose": "Renewal"},
    )
    relationship.refresh_from_db()
    assert relationship.owner == owner
    client.force_login(teammate)
    refused = client.post(
        f"/relationships/{relationship.pk}/edit/",
        {"tier": "executive", "owner": teammate.pk, "purpose": "Renewal"},
    )
    assert refused.status_code == 400 and "may hand it over" in refused.content.decode()
    client.post(f"/relationships/{relationship.pk}/end/")
    relationship.refresh_from_db()
    assert relationship.status == "ended"
    assert "Ended" in client.get(f"/contacts/{fenced_contact.pk}/").content.decode()


def test_a_community_is_added_with_its_strategy_and_changed(signed_in):
    signed_in.post(
        "/communities/new/",
        {"name": "Port authorities", "kind": "regulators", "tier": "institutional",
         "objective": "Keep the licence"},
    )  # fmt: skip
    community = Community.objects.get(name="Port authorities")
    assert community.objective == "Keep the licence"
    signed_in.post(
        f"/communities/{community.pk}/edit/",
        {"name": "Port authorities", "kind": "regulators", "tier": "institutional",
         "objective": "Keep the licence", "intended_outcome": "Renewed in 2027"},
    )  # fmt: skip
    community.refresh_from_db()
    assert community.intended_outcome == "Renewed in 2027"


def test_assessments_are_recorded_and_listed_per_account(client, owner, fenced_account):
    contact = factories.ContactFactory(organisation=fenced_account.organisation, first_name="Ida")
    client.force_login(owner)
    url = f"/organisations/{fenced_account.organisation_id}/assessments/"
    ours = client.post(
        url, {"side": "ours", "trust": "4", "openness": "3", "assessed_at": "2026-11-02T10:00"}
    )
    assert ours.status_code == 302
    missing = client.post(url, {"side": "theirs", "trust": "5", "assessed_at": "2026-11-03T10:00"})
    assert missing.status_code == 400 and "Say which of their people answered" in (
        missing.content.decode()
    )
    client.post(
        url,
        {"side": "theirs", "respondent": contact.pk, "trust": "5", "nps": "9",
         "assessed_at": "2026-11-03T10:00"},
    )  # fmt: skip
    assert Assessment.objects.filter(account=fenced_account).count() == 2
    assert Assessment.objects.get(side="ours").assessed_by == owner
    page = client.get(url).content.decode()
    assert "Ida" in page and "3.5" in page


@pytest.mark.parametrize("rows", [1, 10, 100])
def test_contact_directory_query_count_is_constant(client, owner, django_assert_num_queries, rows):
    organisation = factories.OrganisationFactory()
    factories.ContactFactory.create_batch(rows, organisation=organisation)
    client.force_login(owner)
    # session, user, staff profile (role), the page of contacts with their organisations
    # (the fence is a subquery)
    with django_assert_num_queries(4):
        assert client.get("/contacts/?q=a&seniority=operational").status_code == 200


def test_the_directory_finds_a_person_without_knowing_their_organisation(client, owner, outsider):
    factories.ContactFactory(first_name="Zelda", last_name="Quist", job_title="Buyer")
    factories.ContactFactory(first_name="Anna", last_name="Berg")
    fenced = factories.AccountFactory(is_fenced=True, manager=owner)
    factories.ContactFactory(organisation=fenced.organisation, first_name="Zora")
    client.force_login(outsider)
    page = client.get("/contacts/?q=z").content.decode()
    assert "Zelda Quist" in page and "Anna" not in page and "Zora" not in page
    client.force_login(owner)
    assert "Zora" in client.get("/contacts/?q=z").content.decode()


def test_a_relationships_cadence_is_set_on_its_page(client, owner, fenced_contact):
    relationship = factories.RelationshipFactory(staff=owner, contact=fenced_contact)
    client.force_login(owner)
    url = f"/relationships/{relationship.pk}/edit/"
    assert "Contact every (days)" in client.get(url).content.decode()
    form = {"tier": "operational", "owner": owner.pk, "cadence_days": "21"}
    assert client.post(url, form).status_code == 302
    relationship.refresh_from_db()
    assert relationship.cadence_days == 21
    refused = client.post(url, {**form, "cadence_days": "0"})
    assert refused.status_code == 400 and "greater than or equal to 1" in refused.content.decode()
    relationship.refresh_from_db()
    assert relationship.cadence_days == 21
    events = AuditEvent.objects.filter(model="stakeholders.relationship", action="update")
    assert any("cadence_days" in event.changes for event in events)
