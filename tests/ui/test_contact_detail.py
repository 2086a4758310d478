import pytest
from django.contrib.auth import get_user_model

from stakeholders.services import contact_delete
from tests import factories


@pytest.fixture
def contact(owner):
    account = factories.AccountFactory(organisation__name="Acme Steel", manager=owner)
    return factories.ContactFactory(
        organisation=account.organisation, first_name="Carla", last_name="Ruiz"
    )


def test_shows_relationships_timeline_and_log_link(client, owner, contact):
    factories.RelationshipFactory(staff=owner, contact=contact, strength=71, tier="executive")
    interaction = factories.InteractionFactory(
        organisation=contact.organisation, summary="Lunch in Porto", logged_by=owner
    )
    interaction.contacts.set([contact])
    client.force_login(owner)
    body = client.get(f"/contacts/{contact.pk}/").content.decode()
    assert "Carla Ruiz" in body and "71" in body and "Lunch in Porto" in body
    assert (
        f"/interactions/new/?organisation={contact.organisation_id}&amp;contact={contact.pk}"
        in body
    )


def test_empty_states(client, owner, contact):
    client.force_login(owner)
    body = client.get(f"/contacts/{contact.pk}/").content.decode()
    assert "None of our people has a relationship with Carla yet" in body
    assert "No interactions with Carla logged yet" in body


def test_deleted_contact_is_404(client, owner, contact):
    contact_delete(contact=contact)
    client.force_login(owner)
    assert client.get(f"/contacts/{contact.pk}/").status_code == 404


@pytest.mark.parametrize("rows", [1, 10, 100])
def test_query_count_is_constant(client, owner, contact, django_assert_num_queries, rows):
    for i in range(rows):
        # Plain users: hashing a password per row would make this test slow, not truer.
        colleague = get_user_model().objects.create(username=f"colleague{i}")
        factories.RelationshipFactory(staff=colleague, contact=contact)
    for _ in range(rows):
        interaction = factories.InteractionFactory(
            organisation=contact.organisation, logged_by=owner
        )
        interaction.contacts.set([contact])
        interaction.staff.set([owner])
    client.force_login(owner)
    # session, user, staff profile (role); contact (through the fence filter); timeline
    # interactions, their contacts, their staff; relationships; can_write_at (fenced account);
    # the History section's audit events, and the organisation they name; who knows them and
    # the warm introductions
    with django_assert_num_queries(13):
        assert client.get(f"/contacts/{contact.pk}/").status_code == 200
