import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from interventions import services as intervention_services
from interventions.models import Interaction
from relmap.trust.personal_data import contact_export
from stakeholders import services
from stakeholders.models import Contact, Relationship
from tests import factories
from trust.models import AuditEvent


@pytest.fixture
def ana(owner):
    org = factories.OrganisationFactory(name="Acme")
    contact = services.contact_create(
        first_name="Ana", last_name="Costa", email="ana@acme.io", phone="+44 1", organisation=org
    )
    services.contact_update(contact=contact, job_title="Head of purchasing")
    intervention_services.interaction_log(
        logged_by=owner, organisation=org, summary="Pricing call", contacts=[contact], sentiment=1
    )
    return contact


def test_export_holds_everything_about_the_contact(ana):
    data = contact_export(contact=ana)
    assert data["contact"]["email"] == "ana@acme.io"
    assert [i["summary"] for i in data["interactions"]] == ["Pricing call"]
    assert len(data["relationships"]) == 1
    assert [e["action"] for e in data["history"]] == ["update", "create"]
    assert AuditEvent.objects.filter(object_id=str(ana.pk), action="export").exists()


def test_erasure_blanks_live_rows_and_history_and_leaves_a_tombstone(ana):
    services.contact_erase(contact=ana)
    ana.refresh_from_db()
    assert ana.deleted_at is not None
    assert (ana.first_name, ana.last_name, ana.email, ana.phone, ana.job_title) == (
        "[erased]",
        "",
        "",
        "",
        "",
    )
    stored = json.dumps(list(AuditEvent.objects.values_list("changes", flat=True)))
    for secret in ("Ana", "Costa", "ana@acme.io", "+44 1", "Head of purchasing"):
        assert secret not in stored
    assert AuditEvent.objects.filter(object_id=str(ana.pk), action="erase").exists()
    # The scorecard's raw material stays: the interaction and the relationship's counts.
    assert Interaction.objects.filter(contacts=ana).count() == 1
    assert Relationship.objects.get(contact=ana).interaction_count == 1
    assert not Contact.objects.live().filter(pk=ana.pk).exists()


def test_the_command_exports_and_erases_with_confirmation(ana):
    out = io.StringIO()
    call_command("personal_data", "export", str(ana.pk), stdout=out)
    assert json.loads(out.getvalue())["contact"]["last_name"] == "Costa"
    with pytest.raises(CommandError, match="--yes"):
        call_command("personal_data", "erase", str(ana.pk))
    call_command("personal_data", "erase", str(ana.pk), "--yes", stdout=io.StringIO())
    ana.refresh_from_db()
    assert ana.email == ""
    with pytest.raises(CommandError, match="No contact"):
        call_command("personal_data", "export", "999999")


def test_the_admin_exports_and_erases_after_confirming(client, admin_user, ana):
    client.force_login(admin_user)
    url = reverse("admin:stakeholders_contact_changelist")
    response = client.post(url, {"action": "export_personal_data", "_selected_action": [ana.pk]})
    assert response["Content-Type"] == "application/json"
    assert json.loads(response.content)[0]["contact"]["email"] == "ana@acme.io"
    response = client.post(url, {"action": "erase_personal_data", "_selected_action": [ana.pk]})
    assert b"cannot be undone" in response.content
    ana.refresh_from_db()
    assert ana.email == "ana@acme.io"
    client.post(
        url, {"action": "erase_personal_data", "_selected_action": [ana.pk], "confirm": "yes"}
    )
    ana.refresh_from_db()
    assert ana.email == ""
