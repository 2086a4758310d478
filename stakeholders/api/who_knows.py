"""`contacts/{id}/who-knows/` and `organisations/{id}/who-knows/`: our people who know them,
strongest first, and warm-introduction paths (stakeholders/who_knows.py)."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.response import Response

from core.api.schema import errors
from core.people import person_name
from stakeholders import who_knows
from stakeholders.models import Tier


class KnowerSerializer(serializers.Serializer):
    user = serializers.IntegerField(source="user.pk", help_text="One of our people (users/).")
    name = serializers.SerializerMethodField(help_text="Their name, as the pages write it.")
    strength = serializers.IntegerField(help_text="0–100: their strongest relationship there.")
    tier = serializers.ChoiceField(choices=Tier.choices, help_text="The tier of that relationship.")
    last_interaction_at = serializers.DateTimeField(allow_null=True)
    contacts = serializers.IntegerField(help_text="How many of their people this person knows.")

    def get_name(self, knower) -> str:
        return person_name(knower.user)


class PathSerializer(serializers.Serializer):
    via_user = serializers.IntegerField(source="via_user.pk", help_text="One of our people…")
    via_user_name = serializers.SerializerMethodField()
    via_contact = serializers.IntegerField(
        source="via_contact.pk", help_text="…who knows this colleague of theirs (contacts/)."
    )
    via_contact_name = serializers.CharField(source="via_contact.full_name")
    strength = serializers.IntegerField(help_text="The strength of that relationship.")

    def get_via_user_name(self, path) -> str:
        return person_name(path.via_user)


class WhoKnowsSerializer(serializers.Serializer):
    results = KnowerSerializer(many=True)
    paths = PathSerializer(
        many=True,
        help_text="Colleagues at the same organisation known by one of ours, offered when no "
        f"one of ours knows the contact at least {who_knows.WELL_KNOWN} strong. Always empty "
        "for an organisation.",
    )


def who_knows_action(find):
    """A `who-knows/` GET on a detail route, answered by `find(viewer, object)`."""

    @extend_schema(responses={200: WhoKnowsSerializer, **errors(401, 404)}, filters=False)
    @action(detail=True, methods=["get"], url_path="who-knows", filter_backends=[])
    def who_knows(self, request, pk=None):
        return Response(WhoKnowsSerializer(find(request.user, self.get_object())).data)

    return who_knows
