"""Reads about stakeholders that pages, the API and the other apps share."""

from django.db.models import Count, Max, OuterRef, Q, Subquery

from stakeholders.models import Account, Relationship


def accounts_for(user):
    """The accounts a user manages or is on the team of, with their last contact (one query)."""
    last_contact = (
        Relationship.objects.filter(contact__organisation__root_id=OuterRef("organisation_id"))
        .values("contact__organisation__root_id")
        .annotate(last=Max("last_interaction_at"))
        .values("last")
    )
    return (
        Account.objects.filter(Q(manager=user) | Q(team=user))
        .distinct()
        .select_related("organisation", "manager")
        .annotate(last_contact_at=Subquery(last_contact))
        .annotate(team_size=Count("team", distinct=True))
        .order_by("organisation__name")
    )
