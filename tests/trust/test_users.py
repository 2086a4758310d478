"""A person's own name, email and password: changed through trust.users, and audited."""

import pytest
from django.core.exceptions import ValidationError

from tests import factories
from trust import audit_context
from trust.models import AuditEvent
from trust.users import user_password_set, user_profile_update


@pytest.fixture
def amy(db):
    return factories.UserFactory(
        username="amy", first_name="Amy", last_name="Archer", email="amy@example.com"
    )


def events(user):
    return AuditEvent.objects.filter(model="auth.user", object_id=str(user.pk))


def test_a_profile_update_saves_only_what_changed_and_records_it(amy):
    with audit_context.bind(source="test", user=amy):
        user_profile_update(user=amy, first_name="Amy", last_name="Bell", email="amy@example.com")
    amy.refresh_from_db()
    assert amy.last_name == "Bell"
    (event,) = events(amy)
    assert event.changes == {"last_name": ["Archer", "Bell"]}
    assert event.actor == amy and event.source == "test"


def test_the_email_domain_is_lowercased_and_spaces_trimmed(amy):
    user_profile_update(user=amy, first_name=" Amy ", last_name="Archer", email=" amy@EXAMPLE.COM ")
    amy.refresh_from_db()
    assert (amy.first_name, amy.email) == ("Amy", "amy@example.com")
    assert not events(amy).exists()


def test_an_invalid_update_leaves_the_user_untouched_in_memory_too(amy):
    with pytest.raises(ValidationError) as raised:
        user_profile_update(user=amy, first_name="B" * 151, last_name="Bell", email="nope")
    assert set(raised.value.message_dict) == {"first_name", "email"}
    assert (amy.first_name, amy.last_name, amy.email) == ("Amy", "Archer", "amy@example.com")
    amy.refresh_from_db()
    assert amy.last_name == "Archer"
    assert not events(amy).exists()


def test_a_new_password_is_audited_without_the_password(amy):
    user_password_set(user=amy, password="quiet-harbour-lantern-42", how="changed by its user")
    amy.refresh_from_db()
    assert amy.check_password("quiet-harbour-lantern-42")
    (event,) = events(amy)
    assert event.changes == {"password": "changed by its user"}
    assert "quiet" not in str(event.changes) and amy.password not in str(event.changes)
