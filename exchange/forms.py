"""The import page's forms: the file and what it holds, then which column holds which field."""

from django import forms

from core.forms import Form
from exchange.models import ImportBatch
from exchange.running import columns_of


class ImportForm(Form):
    file = forms.FileField(
        label="File", help_text="CSV (comma, semicolon or tab separated) or Excel (.xlsx)."
    )
    kind = forms.ChoiceField(label="The file holds", choices=ImportBatch.Kind.choices)
    create_missing_organisations = forms.BooleanField(
        label="Create missing organisations",
        required=False,
        help_text="A contact's organisation that does not exist yet is added.",
    )
    valid_rows_only = forms.BooleanField(
        label="Import the valid rows",
        required=False,
        help_text="Rows with errors are left out; otherwise one error imports nothing.",
    )


class MappingForm(Form):
    """One choice per column of the file: the field it goes to, or none."""

    def __init__(self, *args, batch: ImportBatch, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", "— leave out —")] + [(c.field, c.label) for c in columns_of(batch)]
        for index, header in enumerate(batch.headers):
            self.fields[f"column_{index}"] = forms.ChoiceField(
                label=header or f"Column {index + 1}",
                choices=choices,
                required=False,
                initial=batch.mapping[index] if index < len(batch.mapping) else "",
            )

    def mapping(self) -> list[str]:
        return [self.cleaned_data[f"column_{i}"] for i in range(len(self.fields))]
