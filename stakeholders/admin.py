from django.contrib import admin

from stakeholders import services
from stakeholders.models import (
    Account,
    Assessment,
    Community,
    Contact,
    Organisation,
    Relationship,
    StaffProfile,
    Unit,
)


def _changed_fields(form, allowed, change):
    names = form.changed_data if change else form.cleaned_data
    return {name: form.cleaned_data[name] for name in names if name in allowed}


def _adopt(obj, saved):
    # The form has already written its values onto `obj`, so the services work on a fresh copy
    # from the database; the admin then goes on (m2m, log, redirect) with the object it holds.
    obj.__dict__.update(saved.__dict__)


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ["name", "parent", "head"]
    list_select_related = ["parent", "head"]
    search_fields = ["name"]
    autocomplete_fields = ["parent", "head"]


@admin.register(StaffProfile)
class StaffProfileAdmin(admin.ModelAdmin):
    list_display = ["user", "role", "unit", "job_title"]
    list_select_related = ["user", "unit"]
    list_filter = ["role", "unit"]
    search_fields = ["user__username", "user__first_name", "user__last_name", "job_title"]
    autocomplete_fields = ["user", "unit"]


@admin.register(Community)
class CommunityAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "tier", "owner_unit"]
    list_select_related = ["owner_unit"]
    list_filter = ["kind", "tier"]
    search_fields = ["name", "target", "objective"]
    autocomplete_fields = ["owner_unit"]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "parent", "country", "is_key_account", "lifetime_value", "updated_at"]
    list_select_related = ["parent"]
    list_filter = ["is_key_account", "communities", "country"]
    search_fields = ["name", "external_id"]
    autocomplete_fields = ["parent", "communities"]
    readonly_fields = ["root", "version", "created_at", "updated_at"]

    def save_model(self, request, obj, form, change):
        # Through the services, so the hierarchy's root and the version stay right.
        fields = _changed_fields(form, services.ORGANISATION_FIELDS, change)
        if change:
            stored = Organisation.objects.get(pk=obj.pk)
            _adopt(obj, services.organisation_update(organisation=stored, **fields))
        else:
            _adopt(obj, services.organisation_create(**fields))


@admin.register(Contact)
class ContactAdmin(admin.ModelAdmin):
    list_display = ["__str__", "organisation", "job_title", "seniority", "email", "deleted_at"]
    list_select_related = ["organisation"]
    list_filter = ["seniority", "consent_marketing", ("deleted_at", admin.EmptyFieldListFilter)]
    search_fields = ["first_name", "last_name", "email", "external_id"]
    autocomplete_fields = ["organisation"]
    readonly_fields = ["version", "deleted_at", "consent_recorded_at", "created_at", "updated_at"]
    show_full_result_count = False

    def save_model(self, request, obj, form, change):
        # Through the services, so versions and the sync feed see every change.
        fields = _changed_fields(form, services.CONTACT_FIELDS, change)
        if change:
            _adopt(obj, services.contact_update(contact=Contact.objects.get(pk=obj.pk), **fields))
        else:
            _adopt(obj, services.contact_create(**fields))

    def delete_model(self, request, obj):
        # A soft delete: the tombstone tells sync clients the contact is gone.
        services.contact_delete(contact=obj)

    def delete_queryset(self, request, queryset):
        for contact in queryset.live():
            services.contact_delete(contact=contact)


@admin.register(Account)
class AccountAdmin(admin.ModelAdmin):
    list_display = ["organisation", "manager", "current_level", "target_level", "is_fenced"]
    list_select_related = ["organisation", "manager"]
    list_filter = ["is_fenced", "current_level", "target_level"]
    search_fields = ["organisation__name"]
    autocomplete_fields = ["organisation", "manager", "team"]


@admin.register(Relationship)
class RelationshipAdmin(admin.ModelAdmin):
    list_display = ["staff", "contact", "tier", "status", "strength", "last_interaction_at"]
    list_select_related = ["staff", "contact"]
    list_filter = ["tier", "status"]
    search_fields = ["staff__username", "contact__first_name", "contact__last_name"]
    autocomplete_fields = ["staff", "contact", "owner"]
    readonly_fields = [
        "last_interaction_at",
        "interaction_count",
        "decayed_count",
        "decayed_sentiment",
        "aggregates_at",
        "strength",
        "strength_computed_at",
    ]
    show_full_result_count = False


@admin.register(Assessment)
class AssessmentAdmin(admin.ModelAdmin):
    list_display = ["account", "side", "stage", "nps", "requested_at", "assessed_at"]
    list_select_related = ["account__organisation"]
    list_filter = ["side", "stage"]
    search_fields = ["account__organisation__name", "comment"]
    autocomplete_fields = ["account", "respondent", "assessed_by"]
