"""What every page form shares: labels as the design names them, date inputs the browser
understands."""

from django import forms
from django.core.exceptions import ValidationError

from core.people import person_name


class Form(forms.Form):
    """Labels read as the design names them: "Kind", not "Kind:"."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%dT%H:%M")


class PersonChoiceField(forms.ModelChoiceField):
    """One of our people, named as everywhere (core.people.person_name)."""

    def label_from_instance(self, obj):
        return person_name(obj)


class PeopleChoiceField(forms.ModelMultipleChoiceField):
    """Several of our people, named as everywhere."""

    def label_from_instance(self, obj):
        return person_name(obj)


def add_validation_errors(form, error: ValidationError) -> None:
    """Show a service's ValidationError on `form`: on its fields where they exist, else on
    the form as a whole."""
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)
