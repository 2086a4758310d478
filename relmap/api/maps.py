"""`GET /api/v1/accounts/{id}/map/`: one account's relationship map as data (it draws on the
stakeholders' analyses and the interventions' conflicts, so it lives here)."""

from django.contrib.auth.decorators import login_not_required
from django.utils.decorators import method_decorator
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import NotFound
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api.errors import ErrorSerializer
from core.people import person_name
from interventions import selectors as intervention_selectors
from interventions.selectors import Conflict
from stakeholders import selectors as stakeholder_selectors
from stakeholders.models import Account, Tier
from stakeholders.selectors import Gap


class MapPersonSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text="The user's id, as in `users/`.")
    name = serializers.CharField()


class MapContactRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    job_title = serializers.CharField(allow_blank=True)
    organisation = serializers.IntegerField(help_text="The contact's organisation or division.")


class MapUnitRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class MapCoverageSerializer(serializers.Serializer):
    operational = serializers.IntegerField(help_text="Our people with an active relationship.")
    executive = serializers.IntegerField(help_text="Our people with an active relationship.")
    institutional = serializers.IntegerField(help_text="Our people with an active relationship.")


class MapGapSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(
        choices=[Gap.KIND_TIER_NOT_HELD, Gap.KIND_EXECUTIVE_CONTACT],
        help_text="`tier_not_held`: the account's level needs this tier and nobody holds it; "
        "`executive_contact`: one of their executives has no active executive relationship.",
    )
    tier = serializers.ChoiceField(choices=Tier.choices)
    contact = MapContactRefSerializer(allow_null=True, help_text="Set for `executive_contact`.")
    message = serializers.CharField()


class MapDormantSerializer(serializers.Serializer):
    relationship = serializers.IntegerField(help_text="The relationship's id.")
    tier = serializers.ChoiceField(choices=Tier.choices)
    staff = MapPersonSerializer()
    contact = MapContactRefSerializer()
    last_interaction_at = serializers.DateTimeField(allow_null=True)
    days_since_contact = serializers.IntegerField(allow_null=True)
    limit_days = serializers.IntegerField(help_text="The tier's dormant limit in days.")
    strength = serializers.IntegerField(min_value=0, max_value=100)


class MapConflictInterventionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    tier = serializers.ChoiceField(choices=Tier.choices)
    unit = MapUnitRefSerializer(allow_null=True)
    owner = MapPersonSerializer()
    organisation = serializers.IntegerField(
        allow_null=True, help_text="The target organisation; null when it targets contacts."
    )
    starts_on = serializers.DateField()
    ends_on = serializers.DateField()


class MapConflictSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(
        choices=[Conflict.KIND_OVERLAP, Conflict.KIND_OUTSIDE_FENCE, Conflict.KIND_FENCE_BREACH],
        help_text="`overlap`: two units' open interventions share days (two items); "
        "`outside_fence`: an intervention at a fenced account by someone outside its team; "
        "`fence_breach`: captured mail or a meeting there with one of ours outside its team "
        "(no interventions; `interaction` names it).",
    )
    starts_on = serializers.DateField(help_text="First day of the clash.")
    ends_on = serializers.DateField(help_text="Last day of the clash.")
    message = serializers.CharField()
    interventions = MapConflictInterventionSerializer(many=True)
    interaction = serializers.IntegerField(
        allow_null=True, help_text="The captured interaction of a `fence_breach`."
    )


class AccountMapSerializer(serializers.Serializer):
    coverage = MapCoverageSerializer()
    gaps = MapGapSerializer(many=True)
    single_threaded = serializers.BooleanField(
        help_text="One person holds every active relationship."
    )
    dormant = MapDormantSerializer(many=True)
    conflicts = MapConflictSerializer(many=True)


def _person(user) -> dict:
    return {"id": user.pk, "name": person_name(user)}


def _contact(contact) -> dict:
    return {
        "id": contact.pk,
        "name": contact.full_name,
        "job_title": contact.job_title,
        "organisation": contact.organisation_id,
    }


def _intervention(i) -> dict:
    return {
        "id": i.pk,
        "title": i.title,
        "tier": i.tier,
        "unit": {"id": i.unit_id, "name": i.unit.name} if i.unit_id else None,
        "owner": _person(i.owner),
        "organisation": i.organisation_id,
        "starts_on": i.starts_on,
        "ends_on": i.ends_on,
    }


@method_decorator(login_not_required, name="dispatch")
class AccountMapView(APIView):
    @extend_schema(
        operation_id="accounts_map_retrieve",
        summary="One account's relationship map",
        description="Coverage by tier, gaps, single-threadedness, dormant relationships and "
        "conflicts of the account, over its organisation and every division. An account "
        "behind a picket fence you are not on answers 404, as an unknown one does.",
        responses={
            200: AccountMapSerializer,
            404: OpenApiResponse(ErrorSerializer, description="No such account you may see."),
        },
        tags=["accounts"],
    )
    def get(self, request, pk: int):
        user = request.user
        account = (
            Account.objects.visible_to(user).select_related("organisation").filter(pk=pk).first()
        )
        if account is None:
            raise NotFound("No account matches the given query.")
        view = stakeholder_selectors.account_map(user, account)
        conflicts = intervention_selectors.account_conflicts(user, account.organisation)
        data = {
            "coverage": view.coverage,
            "gaps": [
                {
                    "kind": g.kind,
                    "tier": g.tier,
                    "contact": _contact(g.contact) if g.contact else None,
                    "message": g.message,
                }
                for g in view.gaps
            ],
            "single_threaded": view.single_threaded,
            "dormant": [
                {
                    "relationship": r.pk,
                    "tier": r.tier,
                    "staff": _person(r.staff),
                    "contact": _contact(r.contact),
                    "last_interaction_at": r.last_interaction_at,
                    "days_since_contact": r.days_since_contact,
                    "limit_days": r.limit_days,
                    "strength": r.strength,
                }
                for r in view.dormant
            ],
            "conflicts": [
                {
                    "kind": c.kind,
                    "starts_on": c.starts_on,
                    "ends_on": c.ends_on,
                    "message": c.message,
                    "interventions": [_intervention(i) for i in c.interventions],
                    "interaction": c.interaction.pk if c.interaction else None,
                }
                for c in conflicts
            ],
        }
        return Response(AccountMapSerializer(data).data)
