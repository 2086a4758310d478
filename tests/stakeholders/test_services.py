import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from stakeholders import services
from stakeholders.models import Organisation, StaffProfile
from tests import factories


def test_a_top_level_organisation_is_its_own_root(db):
    org = services.organisation_create(name="Acme")
    assert org.root_id == org.pk


def test_divisions_share_their_parents_root(db):
    acme = services.organisation_create(name="Acme")
    logistics = services.organisation_create(name="Acme Logistics", parent=acme)
    depot = services.organisation_create(name="Acme North Depot", parent=logistics)
    assert {logistics.root_id, depot.root_id} == {acme.pk}


def test_reparenting_moves_the_whole_subtree(db):
    acme = services.organisation_create(name="Acme")
    other = services.organisation_create(name="Other")
    logistics = services.organisation_create(name="Acme Logistics", parent=acme)
    depot = services.organisation_create(name="Depot", parent=logistics)
    services.organisation_update(organisation=logistics, parent=other)
    depot.refresh_from_db()
    assert depot.root_id == other.pk
    services.organisation_update(organisation=logistics, parent=None)
    depot.refresh_from_db()
    assert depot.root_id == logistics.pk


def test_an_organisation_cannot_sit_inside_its_own_division(db):
    acme = services.organisation_create(name="Acme")
    logistics = services.organisation_create(name="Acme Logistics", parent=acme)
    with pytest.raises(ValidationError):
        services.organisation_update(organisation=acme, parent=logistics)
    acme.refresh_from_db()
    assert acme.parent_id is None
    assert Organisation.objects.get(pk=acme.pk).version == 1


def test_updating_a_contact_bumps_its_version_only_on_change(db):
    contact = services.contact_create(first_name="Ana", last_name="Costa")
    services.contact_update(contact=contact, last_name="Costa")
    assert contact.version == 1
    services.contact_update(contact=contact, job_title="Buyer")
    contact.refresh_from_db()
    assert (contact.version, contact.job_title) == (2, "Buyer")


def test_recording_consent_stamps_when(db):
    contact = services.contact_create(first_name="Ana", consent_marketing=True)
    assert contact.consent_recorded_at is not None


def test_a_live_external_id_cannot_be_reused(db):
    services.contact_create(first_name="Ana", external_id="crm:1")
    with pytest.raises(ValidationError):
        services.contact_create(first_name="Ben", external_id="crm:1")


def test_deleting_a_contact_leaves_a_tombstone(db):
    contact = services.contact_create(first_name="Ana", external_id="crm:1")
    services.contact_delete(contact=contact)
    contact.refresh_from_db()
    assert contact.deleted_at is not None and contact.version == 2
    with pytest.raises(ValidationError):
        services.contact_update(contact=contact, first_name="Zed")
    assert services.contact_create(first_name="Ana again", external_id="crm:1").pk != contact.pk


def test_accounts_are_held_with_top_level_organisations_only(db):
    acme = services.organisation_create(name="Acme")
    division = services.organisation_create(name="Acme Logistics", parent=acme)
    with pytest.raises(ValidationError):
        services.account_upsert(organisation=division)
    account = services.account_upsert(organisation=acme, current_level=2, target_level=3)
    assert services.account_upsert(organisation=acme, is_fenced=True).pk == account.pk


def test_staff_create_rejects_unknown_roles(db):
    with pytest.raises(ValidationError):
        services.staff_create(username="zed", role="overlord")
    user = services.staff_create(username="amy", role="executive", password="s3cret-pass")
    assert user.check_password("s3cret-pass")
    assert StaffProfile.objects.get(user=user).role == "executive"


def test_a_unit_cannot_be_put_inside_itself(db):
    sales = services.unit_create(name="Sales")
    field = services.unit_create(name="Field Sales", parent=sales)
    with pytest.raises(ValidationError) as raised:
        services.unit_update(unit=sales, parent=field)
    assert "inside itself" in str(raised.value.message_dict["parent"])
    sales.refresh_from_db()
    assert sales.parent is None


def test_a_relationship_is_owned_by_our_person_unless_someone_else_is_named(db):
    alice, bob = factories.UserFactory.create_batch(2)
    contact = factories.ContactFactory()
    assert services.relationship_create(staff=alice, contact=contact).owner == alice
    other = factories.ContactFactory()
    assert services.relationship_create(staff=alice, contact=other, owner=bob).owner == bob


def test_their_side_answers_from_a_contact_of_the_account(db):
    account = factories.AccountFactory()
    division = factories.OrganisationFactory(parent=account.organisation)
    theirs = factories.ContactFactory(organisation=division)
    stranger = factories.ContactFactory()
    answered = timezone.now()
    assessment = services.assessment_record(
        account=account, side="theirs", respondent=theirs, trust=4, assessed_at=answered
    )
    assert assessment.respondent == theirs
    with pytest.raises(ValidationError) as raised:
        services.assessment_update(assessment=assessment, respondent=stranger)
    assert set(raised.value.message_dict) == {"respondent"}
    with pytest.raises(ValidationError):
        services.assessment_record(
            account=account, side="theirs", respondent=stranger, assessed_at=answered
        )
