"""The capture page's forms: files to capture, a private address, a suggested contact."""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat

from capture.items import normalise
from core.forms import Form
from stakeholders.models import Organisation


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class FilesField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data]
        cleaned = [super(FilesField, self).clean(f, initial) for f in files if f]
        if not cleaned and self.required:
            raise ValidationError(self.error_messages["required"], code="required")
        return cleaned


class CaptureForm(Form):
    files = FilesField(
        label="Files",
        help_text="E-mails (.eml), mailboxes (.mbox) or calendars (.ics); several at once.",
    )

    def clean_files(self):
        files = self.cleaned_data["files"]
        limit = settings.RELMAP_CAPTURE_MAX_UPLOAD_BYTES
        for upload in files:
            if upload.size > limit:
                raise ValidationError(
                    f"{upload.name} is {filesizeformat(upload.size)}: the limit is "
                    f"{filesizeformat(limit)}. An administrator can capture bigger files with "
                    "`manage.py capture`, or set up the mailbox for capture over IMAP."
                )
        return files


class ExclusionForm(Form):
    pattern = forms.CharField(
        label="Address or domain",
        max_length=254,
        help_text="Mail and meetings with it are never captured: anna@example.com or example.com.",
    )

    def clean_pattern(self):
        pattern = self.cleaned_data["pattern"].strip().lower().lstrip("@")
        if "@" in pattern:
            address = normalise(pattern)
            if address is None:
                raise ValidationError("Enter an e-mail address or a domain such as example.com.")
            return address
        if "." not in pattern or any(c in pattern for c in " /<>,;:"):
            raise ValidationError("Enter an e-mail address or a domain such as example.com.")
        return pattern


class SuggestionForm(Form):
    address = forms.EmailField(widget=forms.HiddenInput)
    first_name = forms.CharField(label="First name", max_length=100)
    last_name = forms.CharField(label="Last name", max_length=100, required=False)
    organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.all(), widget=forms.HiddenInput, required=False
    )
    organisation_name = forms.CharField(label="Organisation", max_length=255, required=False)

    def clean(self):
        data = super().clean()
        if data.get("organisation") is None and "organisation" not in self.errors:
            name = data.get("organisation_name", "").strip()
            found = list(Organisation.objects.filter(name__iexact=name)[:2]) if name else []
            if len(found) != 1:
                self.add_error(
                    "organisation_name",
                    f"No single organisation is named “{name}”: add it first, or type its "
                    "exact name."
                    if name
                    else "Say which organisation the contact is at.",
                )
            else:
                data["organisation"] = found[0]
        return data
