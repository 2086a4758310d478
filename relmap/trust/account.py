"""A signed-in user's own account: the profile page, and Django's password pages in Relmap's
style, answering 400 to a form that does not validate and saving through trust.users."""

from django import forms
from django.contrib import messages
from django.contrib.auth import forms as auth_forms
from django.contrib.auth import get_user_model
from django.contrib.auth import views as auth_views
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from core import forms as core_forms
from notifications.calendar import feed_renew, feed_stop, feed_url
from notifications.models import CalendarFeed, MailPreference
from notifications.services import preferences_for, preferences_update
from trust.models import ApiToken
from trust.users import user_password_set, user_profile_update

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


class MailPreferenceForm(core_forms.Form):
    """What to get by e-mail; everything shows in the app's notifications anyway."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in MailPreference.CHOICES:
            label = MailPreference._meta.get_field(name).verbose_name
            self.fields[name] = forms.BooleanField(label=label, required=False)


def _profile_page(request, *, form=None, mail_form=None, status=200):
    user = request.user
    if form is None:
        form = ProfileForm(initial={name: getattr(user, name) for name in ProfileForm.base_fields})
    if mail_form is None:
        preference = preferences_for(user)
        mail_form = MailPreferenceForm(
            initial={name: preference.wants(name) for name in MailPreference.CHOICES}
        )
    feed = CalendarFeed.objects.filter(user=user).first()
    context = {
        "form": form,
        "mail_form": mail_form,
        "calendar": feed,
        "calendar_url": feed_url(feed) if feed else "",
        "tokens": list(ApiToken.objects.active().filter(user=user)),
    }
    return render(request, "relmap/profile.html", context, status=status)


@require_http_methods(["POST"])
def profile_mail(request):
    form = MailPreferenceForm(request.POST)
    if not form.is_valid():
        return _profile_page(request, mail_form=form, status=400)
    preferences_update(user=request.user, **form.cleaned_data)
    messages.success(request, "Saved what you get by e-mail.")
    return redirect(f"{reverse('profile')}#mail-h")


@require_http_methods(["POST"])
def profile_calendar(request):
    """Make a new address for one's calendar feed (the old one stops working), or stop it."""
    if request.POST.get("action") == "stop":
        feed_stop(user=request.user)
        messages.success(request, "Your calendar address no longer works.")
    else:
        feed_renew(user=request.user)
        messages.success(
            request, "Your calendar address is ready: add it to your calendar as a subscription."
        )
    return redirect(f"{reverse('profile')}#calendar-h")


@require_http_methods(["GET", "POST"])
def profile(request):
    if request.method != "POST":
        return _profile_page(request)
    form = ProfileForm(request.POST)
    if form.is_valid():
        try:
            user_profile_update(user=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Saved your name and email address.")
            return redirect("profile")
    return _profile_page(request, form=form, status=400)


class PasswordPage:
    """Labels as the design names them ("New password", not "New password:"), and a form
    that does not validate is a 400, as on every other page."""

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "label_suffix": ""}

    def form_invalid(self, form):
        return self.render_to_response(self.get_context_data(form=form), status=400)


class PasswordChangeForm(auth_forms.PasswordChangeForm):
    """Saved through trust.users, which audits the change."""

    def save(self, commit=True):
        password = self.cleaned_data["new_password1"]
        return user_password_set(user=self.user, password=password, how="changed by its user")


class SetPasswordForm(auth_forms.SetPasswordForm):
    """Saved through trust.users, which audits the change."""

    def save(self, commit=True):
        password = self.cleaned_data["new_password1"]
        return user_password_set(user=self.user, password=password, how="reset by e-mail link")


class PasswordChangeView(PasswordPage, auth_views.PasswordChangeView):
    form_class = PasswordChangeForm


class PasswordResetView(PasswordPage, auth_views.PasswordResetView):
    pass


class PasswordResetConfirmView(PasswordPage, auth_views.PasswordResetConfirmView):
    form_class = SetPasswordForm

    def render_to_response(self, context, **kwargs):
        # An expired, used or mangled link: say so, with a 4xx.
        if not self.validlink:
            kwargs["status"] = 400
        return super().render_to_response(context, **kwargs)
