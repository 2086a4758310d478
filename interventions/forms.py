"""Forms of the intervention pages: they only parse and check input; services do the writing."""

from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone

from core.forms import DateInput, DateTimeInput, Form
from core.people import person_name
from interventions.models import Commitment, Interaction, Intervention, Issue
from interventions.services import CommitmentDraft
from stakeholders.models import Community, Contact, Organisation, Tier, Unit

COMMITMENT_ROWS = 3
# The largest id a database's integers hold: a larger one names no row, and must not reach SQL.
LARGEST_ID = 2**63 - 1


class RowsByIdField(forms.ModelMultipleChoiceField):
    """Rows chosen by id, where an id too large for the database is an invalid choice rather
    than a failure in the database."""

    def clean(self, value):
        for pk in value if isinstance(value, list | tuple) else ():
            if str(pk).isdigit() and int(pk) > LARGEST_ID:
                raise forms.ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": pk},
                )
        return super().clean(value)


class StaffChoiceField(RowsByIdField):
    def label_from_instance(self, obj):
        return person_name(obj)


class ContactChoiceField(RowsByIdField):
    def label_from_instance(self, obj):
        return f"{obj.full_name} · {obj.job_title}" if obj.job_title else obj.full_name


class InteractionForm(Form):
    """One screen to log a touch point; contacts come from the organisation's hierarchy."""

    # Chosen, never defaulted: a silent "Meeting" would be wrong as often as not.
    kind = forms.ChoiceField(
        label="Kind",
        choices=[("", "Choose…"), *Interaction.Kind.choices],
        error_messages={"required": "Choose the kind of interaction: a meeting, a call…"},
    )
    occurred_at = forms.DateTimeField(label="Date", widget=DateTimeInput)
    contacts = ContactChoiceField(
        label="Contacts",
        queryset=Contact.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    summary = forms.CharField(label="Summary", max_length=300)
    sentiment = forms.TypedChoiceField(
        label="Sentiment", choices=Interaction.SENTIMENT_CHOICES, coerce=int, initial=0
    )
    notes = forms.CharField(label="Notes", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    staff = StaffChoiceField(
        label="Colleagues present",
        queryset=get_user_model().objects.none(),
        required=False,
        help_text="Anyone else of ours who took part.",
        widget=forms.SelectMultiple(attrs={"size": 4}),
    )

    def __init__(self, *args, contacts, staff, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["occurred_at"].initial = lambda: timezone.localtime().replace(
            second=0, microsecond=0
        )
        self.fields["contacts"].queryset = contacts
        self.fields["staff"].queryset = staff
        for i in range(1, COMMITMENT_ROWS + 1):
            self.fields[f"commitment_{i}"] = forms.CharField(
                label=f"Commitment {i}", max_length=500, required=False
            )
            self.fields[f"due_on_{i}"] = forms.DateField(
                label=f"Due on ({i})", required=False, widget=DateInput
            )

    def sent_values(self) -> dict:
        """What a bound form was sent, as initial values for an unbound one (nothing checked)."""
        return {
            name: field.widget.value_from_datadict(self.data, self.files, self.add_prefix(name))
            for name, field in self.fields.items()
        }

    def commitment_rows(self):
        return [
            (self[f"commitment_{i}"], self[f"due_on_{i}"]) for i in range(1, COMMITMENT_ROWS + 1)
        ]

    def clean(self):
        cleaned = super().clean()
        for i in range(1, COMMITMENT_ROWS + 1):
            description, due_on = cleaned.get(f"commitment_{i}"), cleaned.get(f"due_on_{i}")
            if description and not due_on and f"due_on_{i}" not in self.errors:
                self.add_error(f"due_on_{i}", "Give the date this commitment is due.")
            if due_on and not description:
                self.add_error(f"commitment_{i}", "Say what was promised, or clear its date.")
        return cleaned

    def commitment_drafts(self) -> list[CommitmentDraft]:
        drafts = []
        for i in range(1, COMMITMENT_ROWS + 1):
            description = self.cleaned_data.get(f"commitment_{i}")
            if description:
                drafts.append(
                    CommitmentDraft(
                        description=description, due_on=self.cleaned_data[f"due_on_{i}"]
                    )
                )
        return drafts


class InteractionEditForm(Form):
    """What may change once an interaction is logged: its kind and what it says. The rest was
    folded into relationship strength (services.INTERACTION_FOLDED_FIELDS)."""

    kind = forms.ChoiceField(label="Kind", choices=Interaction.Kind.choices)
    summary = forms.CharField(label="Summary", max_length=300)
    notes = forms.CharField(label="Notes", required=False, widget=forms.Textarea(attrs={"rows": 4}))


class OrganisationChoiceField(forms.ModelChoiceField):
    """Validates against every organisation but offers a short list: the planner's accounts,
    key accounts and the organisation the form was opened from."""

    def label_from_instance(self, obj):
        return obj.name


class InterventionEditForm(Form):
    """What an intervention's planner decides and may change later; its target stays."""

    title = forms.CharField(label="Title", max_length=200)
    purpose = forms.ChoiceField(
        label="Purpose",
        choices=[("", "Choose one purpose")] + Intervention.Purpose.choices,
        help_text="Exactly one: an intervention with several purposes achieves none.",
    )
    objective = forms.CharField(label="Objective", max_length=300, help_text="One sentence.")
    intended_outcome = forms.CharField(
        label="Intended outcome", widget=forms.Textarea(attrs={"rows": 3})
    )
    tier = forms.ChoiceField(label="Tier", choices=Tier.choices, initial=Tier.OPERATIONAL)
    starts_on = forms.DateField(label="Starts on", widget=DateInput)
    ends_on = forms.DateField(label="Ends on", widget=DateInput)

    def clean(self):
        cleaned = super().clean()
        starts_on, ends_on = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", "An intervention cannot end before it starts.")
        return cleaned


class InterventionForm(InterventionEditForm):
    """Planning one: the plan and exactly one target."""

    organisation = OrganisationChoiceField(
        label="Organisation", queryset=Organisation.objects.all(), required=False
    )
    community = forms.ModelChoiceField(
        label="Community", queryset=Community.objects.all(), required=False, empty_label="—"
    )
    contacts = ContactChoiceField(
        label="People",
        queryset=Contact.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, organisation_choices, contacts, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["organisation"]
        field.widget.choices = [("", "—")] + [(o.pk, o.name) for o in organisation_choices]
        self.fields["contacts"].queryset = contacts
        self.fields["starts_on"].initial = timezone.localdate

    def clean(self):
        cleaned = super().clean()
        targets = [
            bool(cleaned.get("organisation")),
            bool(cleaned.get("community")),
            bool(cleaned.get("contacts")),
        ]
        if sum(targets) != 1:
            raise forms.ValidationError(
                "Choose exactly one target: an organisation, a community, or people."
            )
        return cleaned


class InterventionWindowForm(Form):
    """The target and window of an intervention being planned: what its overlaps depend on.
    Valid only once both are chosen; the planning form checks the rest."""

    organisation = forms.ModelChoiceField(queryset=Organisation.objects.none(), required=False)
    community = forms.ModelChoiceField(queryset=Community.objects.all(), required=False)
    contacts = ContactChoiceField(queryset=Contact.objects.none(), required=False)
    starts_on = forms.DateField()
    ends_on = forms.DateField()

    def __init__(self, *args, organisations, contacts, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        self.fields["contacts"].queryset = contacts

    def clean(self):
        cleaned = super().clean()
        targets = [cleaned.get("organisation"), cleaned.get("community"), cleaned.get("contacts")]
        if sum(1 for target in targets if target) != 1:
            raise forms.ValidationError("Choose exactly one target.")
        starts_on, ends_on = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            raise forms.ValidationError("An intervention cannot end before it starts.")
        return cleaned


class InterventionCloseForm(Form):
    status = forms.ChoiceField(
        label="Close as",
        choices=[
            (Intervention.Status.DONE, "Done"),
            (Intervention.Status.CANCELLED, "Cancelled"),
        ],
    )
    actual_outcome = forms.CharField(
        label="Actual outcome", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    outcome_rating = forms.ChoiceField(
        label="Outcome rating",
        choices=[("", "—")] + Intervention.OutcomeRating.choices,
        required=False,
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("status") == Intervention.Status.DONE:
            if not (cleaned.get("actual_outcome") or "").strip():
                self.add_error("actual_outcome", "Say what actually came of it.")
            if not cleaned.get("outcome_rating"):
                self.add_error("outcome_rating", "Rate the outcome against the intended one.")
        return cleaned


class InterventionFilterForm(Form):
    status = forms.ChoiceField(
        label="Status", choices=[("", "Any")] + Intervention.Status.choices, required=False
    )
    purpose = forms.ChoiceField(
        label="Purpose", choices=[("", "Any")] + Intervention.Purpose.choices, required=False
    )
    unit = forms.ModelChoiceField(
        label="Unit", queryset=Unit.objects.all(), required=False, empty_label="Any"
    )
    mine = forms.BooleanField(label="Mine only", required=False)
    # Set by the organisation page's link: interventions anywhere in that hierarchy.
    organisation = forms.IntegerField(
        min_value=1, max_value=2**63 - 1, required=False, widget=forms.HiddenInput
    )


class CommitmentForm(Form):
    description = forms.CharField(label="Commitment", max_length=500)
    due_on = forms.DateField(label="Due on", widget=DateInput)
    made_by = forms.ChoiceField(
        label="Made by", choices=Commitment.MadeBy.choices, initial=Commitment.MadeBy.OURS
    )


class CommitmentStatusForm(Form):
    status = forms.ChoiceField(label="Status", choices=Commitment.Status.choices)


class IssueForm(Form):
    summary = forms.CharField(label="Issue", max_length=300)
    category = forms.ChoiceField(label="Category", choices=Issue.Category.choices)
    severity = forms.ChoiceField(
        label="Severity", choices=Issue.Severity.choices, initial=Issue.Severity.MEDIUM
    )
    contact = forms.ModelChoiceField(
        label="Raised by", queryset=Contact.objects.none(), required=False, empty_label="—"
    )
    description = forms.CharField(
        label="Details", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    escalated = forms.BooleanField(label="Escalated", required=False)

    def __init__(self, *args, contacts, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["contact"]
        if isinstance(contacts, list):
            # Already fetched by the page: offer them without another query.
            field.queryset = Contact.objects.filter(pk__in=[c.pk for c in contacts])
            field.widget.choices = [("", "—")] + [(c.pk, c.full_name) for c in contacts]
        else:
            field.queryset = contacts


class IssueResolveForm(Form):
    resolution = forms.CharField(
        label="Resolution", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
