from interventions.models import Commitment, Interaction, Issue
from stakeholders.models import Assessment, Contact, Relationship
from tests import factories


def _fenced_rows(fenced_org, fenced_contact, owner):
    factories.RelationshipFactory(staff=owner, contact=fenced_contact)
    factories.AssessmentFactory(account=fenced_org.account)
    factories.InteractionFactory(organisation=fenced_org, logged_by=owner)
    factories.CommitmentFactory(organisation=fenced_org)
    factories.IssueFactory(organisation=fenced_org)


MODELS = [Contact, Relationship, Assessment, Interaction, Commitment, Issue]


def test_outsider_sees_nothing_behind_the_fence(fenced_org, fenced_contact, owner, outsider):
    _fenced_rows(fenced_org, fenced_contact, owner)
    for model in MODELS:
        assert model.objects.visible_to(outsider).count() == 0, model.__name__


def test_owner_teammate_executive_and_admin_see_everything(
    fenced_org, fenced_contact, owner, teammate, executive, admin_user
):
    _fenced_rows(fenced_org, fenced_contact, owner)
    for user in (owner, teammate, executive, admin_user):
        for model in MODELS:
            assert model.objects.visible_to(user).count() == 1, (user.username, model.__name__)


def test_fence_covers_divisions(fenced_org, outsider, teammate):
    division = factories.OrganisationFactory(parent=fenced_org, name="Fenced Corp Logistics")
    factories.ContactFactory(organisation=division)
    assert Contact.objects.visible_to(outsider).count() == 0
    assert Contact.objects.visible_to(teammate).count() == 1


def test_unfenced_accounts_are_visible_to_everyone(outsider):
    account = factories.AccountFactory(is_fenced=False)
    factories.ContactFactory(organisation=account.organisation)
    assert Contact.objects.visible_to(outsider).count() == 1
