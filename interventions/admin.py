from django.contrib import admin

from interventions.models import Commitment, Interaction, Intervention, Issue


@admin.register(Intervention)
class InterventionAdmin(admin.ModelAdmin):
    list_display = ["title", "purpose", "target_kind", "organisation", "owner", "unit", "status"]
    list_select_related = ["organisation", "owner", "unit"]
    list_filter = ["status", "purpose", "tier", "unit"]
    search_fields = ["title", "objective", "organisation__name"]
    autocomplete_fields = ["organisation", "community", "contacts", "owner", "unit"]
    date_hierarchy = "starts_on"


@admin.register(Interaction)
class InteractionAdmin(admin.ModelAdmin):
    list_display = ["summary", "kind", "organisation", "occurred_at", "tier", "sentiment"]
    list_select_related = ["organisation"]
    list_filter = ["kind", "tier", "sentiment"]
    search_fields = ["summary", "organisation__name", "external_id"]
    autocomplete_fields = ["organisation", "contacts", "staff", "intervention", "logged_by"]
    readonly_fields = ["version", "created_at", "updated_at"]
    show_full_result_count = False


@admin.register(Commitment)
class CommitmentAdmin(admin.ModelAdmin):
    list_display = ["description", "organisation", "made_by", "owner", "due_on", "status"]
    list_select_related = ["organisation", "owner"]
    list_filter = ["status", "made_by"]
    search_fields = ["description", "organisation__name"]
    autocomplete_fields = ["organisation", "owner", "interaction"]


@admin.register(Issue)
class IssueAdmin(admin.ModelAdmin):
    list_display = ["summary", "organisation", "category", "severity", "opened_at", "resolved_at"]
    list_select_related = ["organisation"]
    list_filter = ["category", "severity", "escalated"]
    search_fields = ["summary", "organisation__name"]
    autocomplete_fields = ["organisation", "contact", "owner"]
