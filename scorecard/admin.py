from django import forms
from django.contrib import admin

from scorecard import periods, scopes
from scorecard.models import Alert, Measure, Observation, Perspective
from scorecard.services import observation_enter


class MeasureInline(admin.TabularInline):
    model = Measure
    fields = ["name", "code", "unit", "direction", "target", "threshold", "weight", "active"]
    extra = 0
    show_change_link = True


@admin.register(Perspective)
class PerspectiveAdmin(admin.ModelAdmin):
    list_display = ["name", "weight", "order"]
    list_editable = ["weight", "order"]
    search_fields = ["name"]
    readonly_fields = ["updated_at"]
    inlines = [MeasureInline]


@admin.register(Measure)
class MeasureAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "code",
        "perspective",
        "unit",
        "direction",
        "target",
        "threshold",
        "weight",
        "source",
        "active",
    ]
    list_editable = ["target", "threshold", "weight", "active"]
    list_filter = ["perspective", "unit", "direction", "active"]
    search_fields = ["name", "code", "description"]
    list_select_related = ["perspective"]
    ordering = ["perspective__order", "order"]
    readonly_fields = ["updated_at"]


class ObservationForm(forms.ModelForm):
    """A value typed in by hand: for a manual measure, one scope and one period."""

    scope_code = forms.CharField(
        label="Scope",
        initial="company",
        help_text="company, community:<id>, unit:<id> or account:<id>",
    )
    period_code = forms.CharField(label="Period", help_text="YYYY-MM, YYYY-Qn or YYYY")

    class Meta:
        model = Observation
        fields = ["measure", "value"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["measure"].queryset = Measure.objects.filter(source=Measure.MANUAL)
        self.fields["value"].required = True
        if self.instance.pk:
            self.fields["period_code"].initial = self.instance.period
            kind, pk = self.instance.scope_kind, self.instance.scope_id
            self.fields["scope_code"].initial = "company" if kind == "company" else f"{kind}:{pk}"

    def clean_scope_code(self):
        try:
            kind, pk = scopes.parse(self.cleaned_data["scope_code"].strip())
        except scopes.BadScope as error:
            raise forms.ValidationError(str(error)) from None
        return scopes.Scope(kind, pk)

    def clean_period_code(self):
        try:
            return periods.parse(self.cleaned_data["period_code"].strip())
        except periods.BadPeriod as error:
            raise forms.ValidationError(str(error)) from None


@admin.register(Observation)
class ObservationAdmin(admin.ModelAdmin):
    form = ObservationForm
    list_display = [
        "measure",
        "scope_kind",
        "scope_id",
        "period",
        "value",
        "numerator",
        "denominator",
        "entered_by",
        "updated_at",
    ]
    list_filter = ["period_kind", "scope_kind", "measure__perspective", "measure"]
    search_fields = ["measure__name", "measure__code", "period"]
    list_select_related = ["measure", "entered_by"]
    ordering = ["-period_start", "measure__order"]

    def save_model(self, request, obj, form, change):
        saved = observation_enter(
            measure=form.cleaned_data["measure"],
            scope=form.cleaned_data["scope_code"],
            period=form.cleaned_data["period_code"],
            value=form.cleaned_data["value"],
            user=request.user,
        )
        obj.pk = saved.pk


@admin.register(Alert)
class AlertAdmin(admin.ModelAdmin):
    list_display = ["message", "severity", "period", "scope_kind", "scope_name", "created_at"]
    list_filter = ["severity", "period", "scope_kind", "measure"]
    search_fields = ["message", "scope_name", "measure__name"]
    list_select_related = ["measure"]
    readonly_fields = [f.name for f in Alert._meta.fields]
