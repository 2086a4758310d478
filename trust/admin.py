from django.contrib import admin, messages

from trust.models import ApiToken, AuditEvent, LoginThrottle
from trust.tokens import api_token_revoke


@admin.register(LoginThrottle)
class LoginThrottleAdmin(admin.ModelAdmin):
    list_display = ["username", "failures", "last_failure_at", "locked_until"]
    search_fields = ["username"]
    actions = ["unlock"]

    @admin.action(description="Unlock the selected usernames")
    def unlock(self, request, queryset):
        queryset.delete()


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """The audit trail, read-only: nobody edits history."""

    list_display = ["at", "actor_name", "source", "action", "model", "object_id"]
    list_filter = ["action", "model"]
    search_fields = ["=object_id", "actor_name", "source"]
    date_hierarchy = "at"
    show_full_result_count = False

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """API tokens: listed and revoked here, issued by their owners (a key is shown only once)."""

    list_display = ["prefix", "name", "user", "created_at", "last_used_at", "revoked_at"]
    list_select_related = ["user"]
    list_filter = [("revoked_at", admin.EmptyFieldListFilter)]
    search_fields = ["prefix", "name", "user__username"]
    fields = ["user", "name", "prefix", "created_at", "last_used_at", "revoked_at"]
    readonly_fields = fields
    actions = ["revoke"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        # Revoking (the action below) is the only change; a revoked token stays on record.
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description="Revoke the selected tokens")
    def revoke(self, request, queryset):
        for token in queryset.active():
            api_token_revoke(token=token)
        self.message_user(request, "Revoked the selected tokens.", messages.SUCCESS)
