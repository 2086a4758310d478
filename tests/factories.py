"""factory_boy factories for every model tests build by hand."""

import datetime as dt

import factory
from django.contrib.auth import get_user_model
from django.utils import timezone

from interventions.models import Commitment, Interaction, Intervention, Issue
from stakeholders.models import (
    Account,
    Assessment,
    Community,
    Contact,
    Organisation,
    Relationship,
    StaffProfile,
    Unit,
)


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Unit {n}")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.com")
    password = factory.django.Password("pw")

    @factory.post_generation
    def role(obj, create, extracted, **kwargs):
        role = extracted or "account_manager"
        unit = kwargs.get("unit")
        StaffProfile.objects.update_or_create(user=obj, defaults={"role": role, "unit": unit})
        if role == "admin":
            obj.is_staff = obj.is_superuser = True
            obj.save(update_fields=["is_staff", "is_superuser"])


class CommunityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Community

    name = factory.Sequence(lambda n: f"Community {n}")
    kind = Community.Kind.CUSTOMERS


class OrganisationFactory(factory.django.DjangoModelFactory):
    """Creates through the model; `root` is kept right by the post-generation hook."""

    class Meta:
        model = Organisation
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Organisation {n}")

    @factory.post_generation
    def fix_root(obj, create, extracted, **kwargs):
        root = obj.parent.root if obj.parent_id else obj
        if obj.root_id != root.pk:
            Organisation.objects.filter(pk=obj.pk).update(root=root)
            obj.root = root


class ContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contact

    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    email = factory.LazyAttribute(lambda c: f"{c.first_name}.{c.last_name}@example.org".lower())
    organisation = factory.SubFactory(OrganisationFactory)


class AccountFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Account
        skip_postgeneration_save = True

    organisation = factory.SubFactory(OrganisationFactory, is_key_account=True)
    manager = factory.SubFactory(UserFactory)
    current_level = 2
    target_level = 3

    @factory.post_generation
    def team(obj, create, extracted, **kwargs):
        if extracted:
            obj.team.set(extracted)


class RelationshipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Relationship

    staff = factory.SubFactory(UserFactory)
    contact = factory.SubFactory(ContactFactory)
    owner = factory.SelfAttribute("staff")
    tier = "operational"


class AssessmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Assessment

    account = factory.SubFactory(AccountFactory)
    side = Assessment.Side.THEIRS
    requested_at = factory.LazyFunction(timezone.now)


class InterventionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Intervention

    title = factory.Sequence(lambda n: f"Intervention {n}")
    target_kind = Intervention.TargetKind.ORGANISATION
    organisation = factory.SubFactory(OrganisationFactory)
    purpose = Intervention.Purpose.DEVELOP
    objective = "Grow the partnership."
    intended_outcome = "A signed framework agreement."
    owner = factory.SubFactory(UserFactory)
    starts_on = factory.LazyFunction(lambda: timezone.localdate())
    ends_on = factory.LazyAttribute(lambda i: i.starts_on + dt.timedelta(days=30))


class InteractionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Interaction

    organisation = factory.SubFactory(OrganisationFactory)
    summary = factory.Sequence(lambda n: f"Interaction {n}")
    logged_by = factory.SubFactory(UserFactory)
    occurred_at = factory.LazyFunction(timezone.now)


class CommitmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Commitment

    organisation = factory.SubFactory(OrganisationFactory)
    description = factory.Sequence(lambda n: f"Send proposal {n}")
    due_on = factory.LazyFunction(lambda: timezone.localdate() + dt.timedelta(days=7))


class IssueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Issue

    organisation = factory.SubFactory(OrganisationFactory)
    category = Issue.Category.LATE_DELIVERY
    summary = factory.Sequence(lambda n: f"Late delivery {n}")
