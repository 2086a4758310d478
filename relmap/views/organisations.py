"""One organisation's page: profile, divisions, contacts, map, timeline, commitments, issues,
interventions and history, from every app."""

from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from interventions.forms import CommitmentForm, CommitmentStatusForm, IssueForm
from interventions.models import Commitment, Interaction, Issue
from interventions.selectors import intervention_conflicts_at
from relmap.trust.history import history_page
from relmap.views.maps import account_map_context
from relmap.views.timeline import timeline_page
from stakeholders import access, who_knows
from stakeholders.models import Account, Contact, Organisation, Relationship

SECTION_LIMIT = 100


def _limited(queryset) -> tuple[list, bool]:
    rows = list(queryset[: SECTION_LIMIT + 1])
    return rows[:SECTION_LIMIT], len(rows) > SECTION_LIMIT


@require_GET
def organisation_detail(request, pk):
    user = request.user
    organisation = get_object_or_404(
        Organisation.objects.visible_to(user).select_related("parent"), pk=pk
    )
    root_id = organisation.root_id or organisation.pk
    account = (
        Account.objects.filter(organisation_id=root_id)
        .select_related("manager", "organisation")
        .prefetch_related("team")
        .first()
    )
    hidden = access.is_behind_fence(user, organisation)
    context = {
        "organisation": organisation,
        "account": account,
        "behind_fence": hidden,
        "fence_message": access.fence_refusal_message(organisation)
        if account and account.is_fenced
        else "",
        "can_write": access.can_write_at(user, organisation),
        "divisions": list(organisation.divisions.all()),
        "communities": organisation.communities.all(),
    }
    if not hidden:
        # The map's own relationship list is drawn with their units; keep it apart from ours.
        account_map = account_map_context(user, organisation)
        account_map["map_relationships"] = account_map.pop("relationships")
        context.update(account_map)
        timeline = timeline_page(
            request,
            Interaction.objects.visible_to(user).filter(organisation.rows_here("organisation")),
        )
        if request.htmx and "timeline" in request.GET:
            return render(
                request,
                "relmap/organisation_detail.html#timeline",
                {**context, "timeline": timeline},
            )
        contacts, more_contacts = _limited(
            Contact.objects.visible_to(user)
            .filter(organisation.rows_here("organisation"))
            .select_related("organisation")
        )
        relationships, more_relationships = _limited(
            Relationship.objects.visible_to(user)
            .with_dormancy()
            .filter(organisation.rows_here("contact__organisation"))
            .select_related("staff", "contact")
            .order_by("-strength", "id")
        )
        commitments, more_commitments = _limited(
            Commitment.objects.visible_to(user)
            .open()
            .filter(organisation.rows_here("organisation"))
            .select_related("owner")
        )
        issues, more_issues = _limited(
            Issue.objects.visible_to(user)
            .open()
            .filter(organisation.rows_here("organisation"))
            .select_related("contact", "owner")
        )
        context |= {
            "timeline": timeline,
            "contacts": contacts,
            "more_contacts": more_contacts,
            "relationships": relationships,
            "more_relationships": more_relationships,
            "who": who_knows.for_organisation(user, organisation),
            "commitments": commitments,
            "more_commitments": more_commitments,
            "status_form": CommitmentStatusForm(),
            "issues": issues,
            "more_issues": more_issues,
            "interventions": intervention_conflicts_at(organisation=organisation, user=user),
            "commitment_form": CommitmentForm(),
            "issue_form": IssueForm(contacts=contacts),
            # Only for those who may see behind its fence: history names contacts and values.
            "history": history_page(request, organisation),
        }
    return render(request, "relmap/organisation_detail.html", context)
