"""The forms of the public complaints channel and of its triage by our people."""

from django import forms
from django.core.exceptions import ValidationError

from core.forms import Form
from interventions.models import Issue
from stakeholders.models import Contact, Organisation

DESCRIPTION_MAX = 5000
REPLY_MAX = 5000


class FeedbackForm(Form):
    """What anyone may tell us. Only the category and what happened are required."""

    organisation = forms.CharField(
        label="Organisation",
        required=False,
        max_length=200,
        help_text="The organisation you are with, if any (optional).",
    )
    name = forms.CharField(label="Name", required=False, max_length=150, help_text="Optional.")
    email = forms.EmailField(
        label="Email",
        required=False,
        max_length=254,
        help_text="Optional. We only use it to reach you about this report.",
    )
    category = forms.ChoiceField(
        label="Category", choices=[("", "Choose one")] + Issue.Category.choices
    )
    description = forms.CharField(
        label="What happened",
        max_length=DESCRIPTION_MAX,
        widget=forms.Textarea(attrs={"rows": 7}),
        help_text=f"Plain text, up to {DESCRIPTION_MAX} characters.",
    )
    # Hidden from people by the stylesheet; a robot filling every field fills it in.
    website = forms.CharField(
        label="Leave this field empty",
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def clean_website(self):
        if self.cleaned_data.get("website"):
            raise ValidationError("This form could not be accepted.")
        return ""

    def report(self) -> dict:
        data = self.cleaned_data
        return {
            "organisation_name": data["organisation"],
            "name": data["name"],
            "email": data["email"],
            "category": data["category"],
            "description": data["description"],
        }


class OrganisationChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.name


class ContactChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.full_name} · {obj.email}" if obj.email else obj.full_name


class TriageForm(Form):
    """Validates against every organisation but offers a short list (those whose name matches
    what the reporter wrote, and the issue's own)."""

    organisation = OrganisationChoiceField(
        label="Organisation", queryset=Organisation.objects.all()
    )
    contact = ContactChoiceField(
        label="Contact", queryset=Contact.objects.none(), required=False, empty_label="—"
    )
    category = forms.ChoiceField(label="Category", choices=Issue.Category.choices)
    severity = forms.ChoiceField(label="Severity", choices=Issue.Severity.choices)

    def __init__(self, *args, organisation_choices, contacts, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].widget.choices = [("", "—")] + [
            (o.pk, o.name) for o in organisation_choices
        ]
        self.fields["contact"].queryset = contacts


class ReplyForm(Form):
    body = forms.CharField(
        label="Reply or note", max_length=REPLY_MAX, widget=forms.Textarea(attrs={"rows": 4})
    )
    public = forms.TypedChoiceField(
        label="Who sees it",
        choices=[
            ("0", "Internal note: only our people"),
            ("1", "Public reply: the reporter sees it"),
        ],
        coerce=lambda value: value == "1",
        widget=forms.RadioSelect,
        initial="0",
    )
