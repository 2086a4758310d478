"""The relationship map: the company-wide page and one account's map."""

from django import forms
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET

from core.dates import format_day
from core.people import person_name
from exchange.pdf import pdf_response
from interventions import selectors as intervention_selectors
from relmap import svg
from stakeholders import access, dormancy
from stakeholders import selectors as stakeholder_selectors
from stakeholders.models import (
    Account,
    Community,
    Organisation,
    Relationship,
    Seniority,
    Tier,
    Unit,
)

# Lists on the company page show at most this many rows each; the counts are always whole.
LIST_LIMIT = 100


class MapFilterForm(forms.Form):
    community = forms.ModelChoiceField(
        queryset=Community.objects.order_by("name"), required=False, empty_label="All"
    )
    unit = forms.ModelChoiceField(
        queryset=Unit.objects.order_by("name"), required=False, empty_label="All"
    )
    tier = forms.ChoiceField(choices=[("", "All"), *Tier.choices], required=False)


def _section(items: list) -> dict:
    return {"items": items[:LIST_LIMIT], "count": len(items), "truncated": len(items) > LIST_LIMIT}


@require_GET
def relationship_map(request):
    """Coverage, gaps, single-threaded accounts, dormant relationships and conflicts."""
    form = MapFilterForm(request.GET or None)
    if form.is_bound and not form.is_valid():
        return render(request, "relmap/relmap.html", {"form": form}, status=400)
    filters = form.cleaned_data if form.is_bound else {}
    community, unit = filters.get("community"), filters.get("unit")
    tier = filters.get("tier") or None
    user = request.user

    accounts = list(stakeholder_selectors.map_accounts(user, community=community))
    analysis = stakeholder_selectors.RelationshipMap(user, accounts, unit=unit, tier=tier)
    # Without a tier filter the dormant list is the executive one: those must not lapse.
    dormant_tier = tier or Tier.EXECUTIVE
    dormant = analysis.dormant_relationships(dormant_tier)
    conflicts = intervention_selectors.conflicts(
        user,
        organisation_ids=[a.organisation_id for a in accounts] if community else None,
        unit=unit,
        tier=tier,
    )
    rows = [
        {
            "account": a,
            "gaps": analysis.gaps[a.pk],
            "cells": [
                {"tier": t, "count": analysis.coverage[a.pk][t], "needed": t in a.tiers_needed}
                for t in Tier.values
            ],
        }
        for a in accounts
    ]
    context = {
        "form": form,
        "filtered": any(filters.values()),
        "hidden_count": stakeholder_selectors.hidden_account_count(user, community=community),
        "account_count": len(accounts),
        "tiers": Tier.choices,
        "coverage": _section(rows),
        "gaps": _section([(row["account"], g) for row in rows for g in row["gaps"]]),
        "accounts_with_gaps": sum(1 for row in rows if row["gaps"]),
        "single_threaded": _section(
            [
                (a, analysis.single_threaded_holders[a.pk])
                for a in accounts
                if a.pk in analysis.single_threaded
            ]
        ),
        "dormant_tier": Tier(dormant_tier).label,
        "dormant": _section([(a, r) for a in accounts for r in dormant.get(a.pk, [])]),
        "conflicts": _section([c for items in conflicts.values() for c in items]),
    }
    return render(request, "relmap/relmap.html", context)


def _svg_for(organisation, relationships, contacts, flagged_ids, dormant_ids) -> str:
    def unit_of(user):
        profile = getattr(user, "staff_profile", None)
        return profile.unit.name if profile and profile.unit else "No unit"

    staff = {r.staff_id: r.staff for r in relationships}
    ours = sorted(
        (
            svg.Node(
                key=f"s{u.pk}",
                label=person_name(u),
                group=unit_of(u),
                detail=f"{person_name(u)} · {unit_of(u)}",
            )
            for u in staff.values()
        ),
        key=lambda n: (n.group == "No unit", n.group.lower(), n.label.lower()),
    )

    def group_of(contact):
        seniority = "Executives" if contact.seniority == Seniority.EXECUTIVE else "Operational"
        return f"{contact.organisation.name} · {seniority}"

    def contact_order(contact):
        is_root = contact.organisation_id == organisation.pk
        return (not is_root, contact.organisation.name.lower(), contact.seniority != "executive")

    theirs = [
        svg.Node(
            key=f"c{c.pk}",
            label=c.full_name,
            group=group_of(c),
            detail=(
                f"{c.full_name}"
                + (f", {c.job_title}" if c.job_title else "")
                + f" · {group_of(c)}"
                + (" · no active executive relationship" if c.pk in flagged_ids else "")
            ),
            flagged=c.pk in flagged_ids,
        )
        for c in sorted(contacts, key=contact_order)
    ]
    lines = [
        svg.Line(
            ours=f"s{r.staff_id}",
            theirs=f"c{r.contact_id}",
            tier=r.tier,
            strength=r.strength,
            dormant=r.pk in dormant_ids,
            detail=(
                f"{person_name(r.staff)} ↔ {r.contact.full_name}: {r.get_tier_display()}, "
                f"strength {r.strength}"
                + (" (dormant)" if r.pk in dormant_ids else "")
                + (
                    f", last contact {format_day(r.last_interaction_at)}"
                    if r.last_interaction_at
                    else ", no contact logged"
                )
            ),
        )
        for r in relationships
    ]
    gap_count = len(flagged_ids)
    description = (
        f"{len(ours)} of our people, {len(theirs)} of their contacts, "
        f"{len(lines)} relationships ({len(dormant_ids)} dormant). "
        + (
            f"{gap_count} executive contact{'s' if gap_count != 1 else ''} with no active "
            "executive relationship. "
            if gap_count
            else ""
        )
        + "The table after the map lists the same relationships."
    )
    return svg.relationship_map_svg(
        ours=ours,
        theirs=theirs,
        lines=lines,
        title=f"Relationship map of {organisation.name}",
        description=description,
        id_prefix=f"relmap-{organisation.pk}",
    )


def account_map_context(user, organisation: Organisation) -> dict:
    """Everything `templates/relmap/_account_map.html` needs for `organisation`'s account.

    The map covers the organisation's whole hierarchy (its top-level organisation and every
    division), because that is what an account is. Outsiders of a fenced account get only the
    fence message.
    """
    root = organisation.root if organisation.root_id else organisation
    if access.is_behind_fence(user, root):
        return {
            "map_organisation": root,
            "behind_fence": True,
            "fence_message": access.fence_refusal_message(root),
        }
    now = timezone.now()
    account = Account.objects.filter(organisation=root).first()
    relationships = list(
        Relationship.objects.visible_to(user)
        .filter(contact__organisation__root_id=root.pk)
        .exclude(status=Relationship.Status.ENDED)
        .select_related("staff__staff_profile__unit", "contact__organisation")
        .order_by("staff__last_name", "staff__first_name", "contact__last_name", "pk")
    )
    view = stakeholder_selectors.account_map(user, account, now=now) if account else None
    gaps = view.gaps if view else []
    flagged = {g.contact.pk: g.contact for g in gaps if g.contact is not None}
    dormant_ids = {r.pk for r in relationships if dormancy.is_dormant(r, now)}
    contacts = {r.contact_id: r.contact for r in relationships} | flagged
    for rel in relationships:
        rel.is_dormant = rel.pk in dormant_ids
    return {
        "map_organisation": root,
        "behind_fence": False,
        "account": account,
        "analysis": view,
        "tier_gaps": [g for g in gaps if g.contact is None],
        "flagged_contacts": list(flagged.values()),
        "relationships": relationships,
        "map_svg": mark_safe(  # noqa: S308 - relmap.svg escapes every piece of text it draws
            _svg_for(root, relationships, list(contacts.values()), set(flagged), dormant_ids)
        ),
    }


@require_GET
def account_map(request, pk):
    organisation = get_object_or_404(
        Organisation.objects.visible_to(request.user).select_related("root"), pk=pk
    )
    context = account_map_context(request.user, organisation)
    if not context["behind_fence"]:
        root = context["map_organisation"]
        context["conflicts"] = intervention_selectors.account_conflicts(request.user, root)
        context["matrix_columns"], context["matrix_rows"] = (
            stakeholder_selectors.executive_counterpart_matrix(request.user, root)
        )
    context["organisation"] = organisation
    page = render(request, "relmap/account_map.html", context)
    if request.GET.get("format") == "pdf" and not context["behind_fence"]:
        return pdf_response(request, page, f"account-{context['map_organisation'].pk}")
    return page
