"""Forms of the stakeholder pages."""

from django import forms

from core.forms import Form
from stakeholders.models import Community, Level

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
