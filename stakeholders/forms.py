"""Forms of the stakeholder pages."""

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils import timezone

from core.forms import DateTimeInput, Form, PeopleChoiceField, PersonChoiceField
from stakeholders.models import (
    Assessment,
    Community,
    Contact,
    Level,
    Organisation,
    Seniority,
    Tier,
    Unit,
)
from stakeholders.models.relationships import MAX_CADENCE_DAYS, MIN_CADENCE_DAYS

ORGANISATION_SORTS = {
    "name": ("name", "id"),
    "-name": ("-name", "-id"),
    "-lifetime_value": ("-lifetime_value", "name", "id"),
    "-updated_at": ("-updated_at", "-id"),
}


class OrganisationFilterForm(Form):
    q = forms.CharField(
        label="Search", required=False, max_length=100, widget=forms.TextInput({"type": "search"})
    )
    community = forms.ModelChoiceField(
        label="Community", queryset=Community.objects.all(), required=False, empty_label="Any"
    )
    key = forms.ChoiceField(
        label="Key account",
        choices=[("", "Any"), ("yes", "Key accounts"), ("no", "Not key accounts")],
        required=False,
    )
    level = forms.TypedChoiceField(
        label="Level",
        choices=[("", "Any")] + Level.choices,
        coerce=int,
        empty_value=None,
        required=False,
    )
    sort = forms.ChoiceField(
        label="Sort by",
        choices=[
            ("name", "Name A–Z"),
            ("-name", "Name Z–A"),
            ("-lifetime_value", "Lifetime value"),
            ("-updated_at", "Recently updated"),
        ],
        required=False,
    )

    def filter(self, queryset):
        """Apply the valid filters; invalid input is shown on the form and otherwise ignored."""
        data = self.cleaned_data if self.is_valid() else {}
        if data.get("q"):
            queryset = queryset.filter(name__icontains=data["q"])
        if data.get("community"):
            queryset = queryset.filter(communities=data["community"])
        if data.get("key") == "yes":
            queryset = queryset.filter(is_key_account=True)
        elif data.get("key") == "no":
            queryset = queryset.filter(is_key_account=False)
        if data.get("level"):
            queryset = queryset.filter(account__current_level=data["level"])
        return queryset.order_by(*ORGANISATION_SORTS[data.get("sort") or "name"])


def _people():
    return (
        get_user_model()
        .objects.filter(is_active=True)
        .order_by("first_name", "last_name", "username")
    )


SCALE = [("", "—")] + [(str(i), str(i)) for i in range(1, 6)]


class OrganisationForm(Form):
    name = forms.CharField(label="Name", max_length=255)
    parent = forms.ModelChoiceField(
        label="Part of",
        queryset=Organisation.objects.all(),
        required=False,
        empty_label="— (a top-level organisation)",
        help_text="For a division or department: the organisation it belongs to.",
    )
    communities = forms.ModelMultipleChoiceField(
        label="Communities",
        queryset=Community.objects.order_by("name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    website = forms.URLField(label="Website", required=False, assume_scheme="https")
    country = forms.CharField(
        label="Country", max_length=2, required=False, help_text="Two letters, e.g. NL."
    )
    is_key_account = forms.BooleanField(label="Key account", required=False)
    lifetime_value = forms.DecimalField(
        label="Lifetime value (EUR)", required=False, min_value=0, max_digits=14, decimal_places=2
    )
    purchasing_ability = forms.TypedChoiceField(
        label="Purchasing ability", choices=SCALE, coerce=int, empty_value=None, required=False
    )
    reciprocal_potential = forms.TypedChoiceField(
        label="Reciprocal potential", choices=SCALE, coerce=int, empty_value=None, required=False
    )
    influence = forms.TypedChoiceField(
        label="Influence", choices=SCALE, coerce=int, empty_value=None, required=False
    )
    complaint_power = forms.TypedChoiceField(
        label="Complaint power", choices=SCALE, coerce=int, empty_value=None, required=False
    )
    nuisance_factor = forms.TypedChoiceField(
        label="Nuisance factor", choices=SCALE, coerce=int, empty_value=None, required=False
    )
    notes = forms.CharField(
        label="Notes", required=False, max_length=20_000, widget=forms.Textarea({"rows": 3})
    )

    def __init__(self, *args, parents, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = parents

    def clean_country(self):
        return self.cleaned_data["country"].upper()


class ContactForm(Form):
    first_name = forms.CharField(label="First name", max_length=150)
    last_name = forms.CharField(label="Last name", max_length=150, required=False)
    email = forms.EmailField(label="Email", required=False)
    phone = forms.CharField(label="Phone", max_length=50, required=False)
    job_title = forms.CharField(label="Job title", max_length=200, required=False)
    organisation = forms.ModelChoiceField(
        label="Organisation", queryset=Organisation.objects.none(), required=False
    )
    seniority = forms.ChoiceField(label="Seniority", choices=Seniority.choices)
    influence = forms.TypedChoiceField(
        label="Influence", choices=SCALE, coerce=int, empty_value=None, required=False
    )
    consent_marketing = forms.BooleanField(label="Agreed to receive marketing", required=False)
    notes = forms.CharField(
        label="Notes", required=False, max_length=20_000, widget=forms.Textarea({"rows": 3})
    )

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations


class CommunityForm(Form):
    name = forms.CharField(label="Name", max_length=200)
    kind = forms.ChoiceField(label="Kind", choices=Community.Kind.choices)
    tier = forms.ChoiceField(label="Tier", choices=Tier.choices)
    owner_unit = forms.ModelChoiceField(
        label="Owner unit", queryset=Unit.objects.order_by("name"), required=False
    )
    target = forms.CharField(
        label="Target",
        required=False,
        max_length=20_000,
        widget=forms.Textarea({"rows": 2}),
        help_text="Who in this community we aim at.",
    )
    objective = forms.CharField(
        label="Objective",
        required=False,
        max_length=20_000,
        widget=forms.Textarea({"rows": 2}),
        help_text="What we want from the relationship.",
    )
    intended_outcome = forms.CharField(
        label="Intended outcome",
        required=False,
        max_length=20_000,
        widget=forms.Textarea({"rows": 2}),
        help_text="What success looks like.",
    )


class AccountForm(Form):
    current_level = forms.TypedChoiceField(label="Level", choices=Level.choices, coerce=int)
    target_level = forms.TypedChoiceField(label="Target level", choices=Level.choices, coerce=int)
    manager = PersonChoiceField(label="Manager", queryset=_people(), required=False)
    team = PeopleChoiceField(
        label="Team",
        queryset=_people(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Behind a picket fence, only the team and the manager may see and write.",
    )
    is_fenced = forms.BooleanField(label="Picket fence", required=False)
    strategy = forms.CharField(
        label="Strategy", required=False, max_length=20_000, widget=forms.Textarea({"rows": 3})
    )

    def __init__(self, *args, may_guard: bool, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("manager", "team", "is_fenced"):
            # Only administrators and the account's manager decide who holds its fence.
            self.fields[name].disabled = not may_guard
        self.fields["manager"].queryset = _people()
        self.fields["team"].queryset = _people()


class RelationshipForm(Form):
    staff = PersonChoiceField(label="Our person", queryset=_people())
    tier = forms.ChoiceField(label="Tier", choices=Tier.choices)
    owner = PersonChoiceField(
        label="Owner",
        queryset=_people(),
        required=False,
        help_text="Who is accountable for it; our person when left empty.",
    )
    purpose = forms.CharField(label="Purpose", max_length=255, required=False)
    cadence_days = forms.IntegerField(
        label="Contact every (days)",
        required=False,
        min_value=MIN_CADENCE_DAYS,
        max_value=MAX_CADENCE_DAYS,
        help_text="Past this without contact it counts as dormant. Empty: the tier's default ("
        + ", ".join(f"{tier} {days}" for tier, days in settings.RELMAP_DORMANT_DAYS.items())
        + " days).",
    )

    def __init__(self, *args, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["staff"].queryset = _people()
        self.fields["owner"].queryset = _people()
        if editing:
            # A relationship is between two people: to relate others, add another.
            self.fields["staff"].disabled = True


class AssessmentForm(Form):
    side = forms.ChoiceField(label="Whose view", choices=Assessment.Side.choices)
    respondent = forms.ModelChoiceField(
        label="Who answered (their side)", queryset=Contact.objects.none(), required=False
    )
    assessed_at = forms.DateTimeField(label="Assessed on", widget=DateTimeInput)
    trust = forms.TypedChoiceField(
        label="Trust", choices=SCALE, coerce=int, empty_value=None, required=False
    )
    openness = forms.TypedChoiceField(
        label="Openness", choices=SCALE, coerce=int, empty_value=None, required=False
    )
    transparency = forms.TypedChoiceField(
        label="Transparency", choices=SCALE, coerce=int, empty_value=None, required=False
    )
    appropriateness = forms.TypedChoiceField(
        label="Appropriateness", choices=SCALE, coerce=int, empty_value=None, required=False
    )
    longevity = forms.TypedChoiceField(
        label="Longevity", choices=SCALE, coerce=int, empty_value=None, required=False
    )
    stage = forms.ChoiceField(
        label="Stage", choices=[("", "—"), *Assessment.Stage.choices], required=False
    )
    nps = forms.TypedChoiceField(
        label="How likely to recommend us (0–10)",
        choices=[("", "—")] + [(str(i), str(i)) for i in range(11)],
        coerce=int,
        empty_value=None,
        required=False,
    )
    comment = forms.CharField(
        label="Comment", required=False, max_length=20_000, widget=forms.Textarea({"rows": 2})
    )

    def __init__(self, *args, contacts, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["respondent"].queryset = contacts
        self.fields["assessed_at"].initial = lambda: timezone.localtime().replace(
            second=0, microsecond=0
        )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("side") == Assessment.Side.THEIRS and not cleaned.get("respondent"):
            self.add_error("respondent", "Say which of their people answered.")
        if not any(cleaned.get(name) for name in (*Assessment.SCORE_FIELDS, "stage", "nps")):
            self.add_error(None, "Give at least one score, the stage or the recommendation.")
        return cleaned


class ContactFilterForm(Form):
    q = forms.CharField(
        label="Search",
        required=False,
        max_length=100,
        widget=forms.TextInput({"type": "search"}),
        help_text="Name, e-mail or job title.",
    )
    seniority = forms.ChoiceField(
        label="Seniority", choices=[("", "Any"), *Seniority.choices], required=False
    )
    key = forms.ChoiceField(
        label="Organisation",
        choices=[("", "Any"), ("yes", "At key accounts")],
        required=False,
    )
    sort = forms.ChoiceField(
        label="Sort by",
        choices=[("name", "Name A–Z"), ("-updated_at", "Recently updated")],
        required=False,
    )

    def filter(self, queryset):
        """Apply the valid filters; invalid input is shown on the form and otherwise ignored."""
        data = self.cleaned_data if self.is_valid() else {}
        for word in (data.get("q") or "").split():
            queryset = queryset.filter(
                Q(first_name__icontains=word)
                | Q(last_name__icontains=word)
                | Q(email__icontains=word)
                | Q(job_title__icontains=word)
            )
        if data.get("seniority"):
            queryset = queryset.filter(seniority=data["seniority"])
        if data.get("key") == "yes":
            queryset = queryset.filter(organisation__root__is_key_account=True)
        if data.get("sort") == "-updated_at":
            return queryset.order_by("-updated_at", "-id")
        return queryset.order_by("last_name", "first_name", "id")
