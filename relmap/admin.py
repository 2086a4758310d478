"""Admin actions that span apps: personal-data export and erasure on contacts."""

import json

from django.contrib import admin, messages
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.template.response import TemplateResponse

from relmap.trust.personal_data import contact_export
from stakeholders import services
from stakeholders.admin import ContactAdmin
from stakeholders.models import Contact


class PersonalDataContactAdmin(ContactAdmin):
    actions = ["export_personal_data", "erase_personal_data"]

    @admin.action(description="Export personal data (JSON)")
    def export_personal_data(self, request, queryset):
        data = [contact_export(contact=c) for c in queryset]
        response = HttpResponse(
            json.dumps(data, cls=DjangoJSONEncoder, indent=2), content_type="application/json"
        )
        response["Content-Disposition"] = 'attachment; filename="contacts-personal-data.json"'
        return response

    @admin.action(description="Erase personal data (cannot be undone)")
    def erase_personal_data(self, request, queryset):
        if request.POST.get("confirm") != "yes":
            return TemplateResponse(
                request,
                "admin/stakeholders/contact/erase_confirmation.html",
                {
                    **self.admin_site.each_context(request),
                    "title": "Erase personal data?",
                    "contacts": queryset,
                    "opts": self.model._meta,
                    "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
                },
            )
        for contact in queryset:
            services.contact_erase(contact=contact)
        self.message_user(
            request, f"Erased the personal data of {queryset.count()} contacts.", messages.SUCCESS
        )
        return None


admin.site.unregister(Contact)
admin.site.register(Contact, PersonalDataContactAdmin)
