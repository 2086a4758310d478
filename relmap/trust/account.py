"""A signed-in user's own account: the profile page."""

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from core import forms as core_forms
from trust.models import ApiToken
from trust.users import user_profile_update

User = get_user_model()


def _max_length(name):
    return User._meta.get_field(name).max_length


class ProfileForm(core_forms.Form):
    first_name = forms.CharField(label="First name", max_length=_max_length("first_name"))
    last_name = forms.CharField(
        label="Last name", max_length=_max_length("last_name"), required=False
    )
    email = forms.EmailField(
        label="Email",
        max_length=_max_length("email"),
        help_text="Password reset links are sent here.",
    )


@require_http_methods(["GET", "POST"])
def profile(request):
    user = request.user
    form = ProfileForm(initial={name: getattr(user, name) for name in ProfileForm.base_fields})
    status = 200
    if request.method == "POST":
        form = ProfileForm(request.POST)
        if form.is_valid():
            try:
                user_profile_update(user=user, **form.cleaned_data)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, "Saved your name and email address.")
                return redirect("profile")
        status = 400
    tokens = list(ApiToken.objects.active().filter(user=user))
    return render(request, "relmap/profile.html", {"form": form, "tokens": tokens}, status=status)
