"""The sync invariant as a property: whatever is written, moved, fenced or unfenced, and however
a client interleaves its reads, a replica that follows the changes feed always ends equal to a
fresh full sync for the same user. Hypothesis drives random steps (a stateful test) on SQLite
and on PostgreSQL alike."""

import itertools

import pytest
from django.contrib.auth import get_user_model
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)
from rest_framework.test import APIClient

from stakeholders import services
from stakeholders.models import Account, Contact, Organisation
from tests import factories
from tests.sync.conftest import CHANGES_URL, read_feed, wait_until_settled

ROLES = ["account_manager", "analyst", "executive"]
_runs = itertools.count()


class FeedFollowsVisibility(RuleBasedStateMachine):
    """Three top organisations (two with accounts that can be fenced), a division that can move
    between them, one user whose replica is checked and another who may hold the accounts.
    Someone sits at every place from the start."""

    def __init__(self):
        super().__init__()
        run = next(_runs)
        self.user = factories.UserFactory(username=f"sync{run}", role="account_manager")
        self.other = factories.UserFactory(username=f"other{run}", role="account_manager")
        self.roots = [services.organisation_create(name=f"Root {run}.{i}") for i in range(3)]
        self.division = services.organisation_create(name=f"Depot {run}", parent=self.roots[0])
        self.places = [*self.roots, self.division, None]
        # The first account starts fenced (the user outside it), the second open.
        for root, fenced in zip(self.roots[:2], (True, False), strict=True):
            services.account_upsert(organisation=root, manager=self.other, is_fenced=fenced)
        # Someone everywhere from the start, so that the first sync has something to lose.
        self.contacts: list[int] = [
            services.contact_create(first_name="Start", organisation=place).pk
            for place in self.places
        ]
        self.replica: dict[int, dict] = {}
        self.cursor = None
        self.has_more = False

    def _client(self):
        user = get_user_model().objects.select_related("staff_profile").get(pk=self.user.pk)
        client = APIClient()
        client.force_authenticate(user)
        return client

    def _apply(self, rows):
        for row in rows:
            if row["deleted"]:
                self.replica.pop(row["id"], None)
            else:
                self.replica[row["id"]] = row

    def _contact(self, index):
        return Contact.objects.get(pk=self.contacts[index % len(self.contacts)])

    @initialize()
    def initial_sync(self):
        wait_until_settled()
        rows, self.cursor = read_feed(self._client(), limit=3)
        self._apply(rows)

    # --- writes ----------------------------------------------------------------------------

    @rule(place=st.integers(0, 4), name=st.sampled_from(["Ana", "Ben", "Cleo"]))
    def create_contact(self, place, name):
        contact = services.contact_create(first_name=name, organisation=self.places[place])
        self.contacts.append(contact.pk)

    @precondition(lambda self: self.contacts)
    @rule(index=st.integers(0, 50), title=st.sampled_from(["Buyer", "CFO", ""]))
    def change_contact(self, index, title):
        contact = self._contact(index)
        if not contact.is_deleted:
            services.contact_update(contact=contact, job_title=title)

    @precondition(lambda self: self.contacts)
    @rule(index=st.integers(0, 50), place=st.integers(0, 4))
    def move_contact(self, index, place):
        contact = self._contact(index)
        if not contact.is_deleted:
            services.contact_update(contact=contact, organisation=self.places[place])

    @precondition(lambda self: self.contacts)
    @rule(index=st.integers(0, 50))
    def delete_contact(self, index):
        services.contact_delete(contact=self._contact(index))

    @rule(account=st.integers(0, 1), fenced=st.booleans())
    def set_fence(self, account, fenced):
        services.account_upsert(organisation=self.roots[account], is_fenced=fenced)

    @rule(account=st.integers(0, 1), member=st.booleans())
    def set_team(self, account, member):
        services.account_upsert(
            organisation=self.roots[account], team=[self.user] if member else []
        )

    @rule(account=st.integers(0, 1), mine=st.booleans())
    def set_manager(self, account, mine):
        manager = self.user if mine else self.other
        services.account_upsert(organisation=self.roots[account], manager=manager)

    @rule(role=st.sampled_from(ROLES))
    def set_role(self, role):
        services.staff_set_role(user=self.user, role=role)

    @rule(root=st.integers(0, 2))
    def move_division(self, root):
        division = Organisation.objects.get(pk=self.division.pk)
        services.organisation_update(organisation=division, parent=self.roots[root])

    # --- reads -----------------------------------------------------------------------------

    @rule(limit=st.integers(1, 3))
    def read_a_page(self, limit):
        wait_until_settled()
        response = self._client().get(CHANGES_URL, {"since": self.cursor, "limit": limit})
        assert response.status_code == 200, response.content
        body = response.json()
        self._apply(body["results"])
        self.cursor, self.has_more = body["next_cursor"], body["has_more"]

    @rule()
    def follow_to_the_end(self):
        wait_until_settled()
        rows, self.cursor = read_feed(self._client(), since=self.cursor, limit=2)
        self._apply(rows)

    @invariant()
    def a_replica_that_catches_up_equals_a_fresh_full_sync(self):
        # Checked after every step on a copy, so the client's own half-read position stays.
        if self.cursor is None:
            return
        wait_until_settled()
        client = self._client()
        rows, _ = read_feed(client, since=self.cursor, limit=2)
        caught_up = dict(self.replica)
        for row in rows:
            if row["deleted"]:
                caught_up.pop(row["id"], None)
            else:
                caught_up[row["id"]] = row
        fresh, _ = read_feed(client)
        assert caught_up == {row["id"]: row for row in fresh}

    def teardown(self):
        Contact.objects.filter(pk__in=self.contacts).delete()
        Account.objects.filter(organisation__in=self.roots).delete()
        services.organisation_delete(organisation=Organisation.objects.get(pk=self.division.pk))
        for root in self.roots:
            services.organisation_delete(organisation=root)
        get_user_model().objects.filter(pk__in=[self.user.pk, self.other.pk]).delete()


@pytest.mark.django_db(transaction=True)
def test_a_replica_that_follows_the_feed_equals_a_fresh_full_sync():
    run_state_machine_as_test(
        FeedFollowsVisibility,
        settings=settings(
            max_examples=25,
            stateful_step_count=30,
            deadline=None,
            database=None,
            suppress_health_check=[HealthCheck.too_slow],
        ),
    )
