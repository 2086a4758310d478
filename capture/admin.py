"""The mailboxes capture reads, set up by administrators: the password is typed in, stored
encrypted (capture.secrets) and never shown again; a person's own mailbox needs their consent;
"Test connection" and "Capture now" act on the selected ones."""

from django import forms
from django.contrib import admin, messages
from django.utils import timezone

from capture import secrets
from capture.imap import ImapError, check_connection, is_loopback
from capture.mailboxes import Busy, mailbox_capture
from capture.models import CapturedItem, Mailbox
from capture.services import Outcome


class MailboxForm(forms.ModelForm):
    password = forms.CharField(
        widget=forms.PasswordInput(render_value=False),
        required=False,
        help_text="Stored encrypted. Leave empty to keep the one stored.",
    )
    owner_consents = forms.BooleanField(
        required=False,
        label="The owner agrees to capture reading this mailbox",
        help_text="Needed for a person's own mailbox; its time is recorded.",
    )

    class Meta:
        model = Mailbox
        fields = [
            "name",
            "host",
            "port",
            "security",
            "username",
            "folder",
            "owner",
            "is_active",
        ]

    def clean(self):
        data = super().clean()
        if data.get("security") == Mailbox.Security.PLAIN and not is_loopback(data.get("host", "")):
            self.add_error("security", "Plain IMAP sends the password in clear: only to 127.0.0.1.")
        self.encrypted = ""
        if data.get("password"):
            try:
                self.encrypted = secrets.encrypt(data["password"])
            except secrets.CaptureKeyError as error:
                self.add_error("password", str(error))
        elif not self.instance.password_encrypted:
            self.add_error("password", "A new mailbox needs its password.")
        owner = data.get("owner")
        kept = self.instance.consent_given_at and "owner" not in self.changed_data
        if owner and not (data.get("owner_consents") or kept):
            self.add_error("owner_consents", "A person's mailbox is read only with their consent.")
        return data

    def save(self, commit=True):
        mailbox = super().save(commit=False)
        if self.encrypted:
            mailbox.password_encrypted = self.encrypted
        if mailbox.owner_id is None or "owner" in self.changed_data:
            mailbox.consent_given_at = None  # consent is the owner's own, not the mailbox's
        if mailbox.owner_id and self.cleaned_data.get("owner_consents"):
            mailbox.consent_given_at = mailbox.consent_given_at or timezone.now()
        if {"host", "port", "username", "folder"} & set(self.changed_data):
            # Another folder: its UIDs say nothing of the one read before.
            mailbox.uidvalidity, mailbox.last_uid = None, 0
        if commit:
            mailbox.save()
        return mailbox


@admin.register(Mailbox)
class MailboxAdmin(admin.ModelAdmin):
    form = MailboxForm
    list_display = ["name", "username", "host", "folder", "owner", "is_active", "last_run_at"]
    list_filter = ["is_active", "security"]
    readonly_fields = [
        "consent_given_at",
        "uidvalidity",
        "last_uid",
        "last_run_at",
        "last_error",
        "last_counts",
    ]
    actions = ["test_connection", "capture_now"]

    @admin.action(description="Test connection")
    def test_connection(self, request, queryset):
        for mailbox in queryset:
            try:
                status = check_connection(**mailbox.login())
            except (ImapError, secrets.CaptureKeyError) as error:
                messages.error(request, f"{mailbox}: {error}")
            else:
                messages.success(
                    request, f"{mailbox}: connected; {status.message_count} messages in the folder."
                )

    @admin.action(description="Capture now")
    def capture_now(self, request, queryset):
        for mailbox in queryset:
            try:
                outcome: Outcome = mailbox_capture(mailbox)
            except (ImapError, secrets.CaptureKeyError, Busy) as error:
                messages.error(request, f"{mailbox}: {error}")
            else:
                counts = ", ".join(f"{n} {name}" for name, n in outcome.counts().items())
                messages.success(request, f"{mailbox}: {counts}.")


@admin.register(CapturedItem)
class CapturedItemAdmin(admin.ModelAdmin):
    list_display = ["occurred_at", "kind", "subject", "cancelled", "captured_by"]
    list_filter = ["kind", "cancelled"]
    readonly_fields = [f.name for f in CapturedItem._meta.fields] + ["staff", "interactions"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
