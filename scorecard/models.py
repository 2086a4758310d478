"""Measures, observations and alerts: how well we manage relationships."""

from urllib.parse import urlencode

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse

from scorecard.registry import REGISTRY
from stakeholders import access
from stakeholders.models import TimeStampedModel


class ScopeKind(models.TextChoices):
    COMPANY = "company", "Company"
    COMMUNITY = "community", "Community"
    UNIT = "unit", "Unit"
    ACCOUNT = "account", "Account"


class PeriodKind(models.TextChoices):
    MONTH = "month", "Month"
    QUARTER = "quarter", "Quarter"
    YEAR = "year", "Year"


class Perspective(TimeStampedModel):
    """One of the four views of customer management (Organisation, People, ...)."""

    name = models.CharField(max_length=100, unique=True)
    weight = models.FloatField(default=1.0)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "name"]
        constraints = [
            models.CheckConstraint(condition=Q(weight__gte=0), name="perspective_weight_gte_0"),
        ]

    def __str__(self):
        return self.name


class MeasureQuerySet(models.QuerySet):
    def for_dashboard(self):
        """Active measures in dashboard order, with their perspective (one query)."""
        return (
            self.filter(active=True)
            .select_related("perspective")
            .order_by("perspective__order", "perspective__name", "order", "name")
        )


class Measure(TimeStampedModel):
    """What we measure, against which target, and how it scores."""

    MANUAL = "manual"

    class Unit(models.TextChoices):
        COUNT = "count", "Count"
        PERCENT = "percent", "Percent"
        DAYS = "days", "Days"
        SCORE = "score", "Score"

    class Direction(models.TextChoices):
        HIGHER_IS_BETTER = "higher_is_better", "Higher is better"
        LOWER_IS_BETTER = "lower_is_better", "Lower is better"

    class Rollup(models.TextChoices):
        """How the months of a quarter or a year combine into one value."""

        SUM = "sum", "Sum of the months"
        RATIO = "ratio", "Recomputed from summed parts (numerator / denominator)"
        MEDIAN = "median", "Median recomputed over the whole period"
        LAST = "last", "Value at the end of the period (last month)"

    perspective = models.ForeignKey(Perspective, on_delete=models.PROTECT, related_name="measures")
    name = models.CharField(max_length=200)
    code = models.SlugField(max_length=100, unique=True)
    description = models.TextField(blank=True)
    unit = models.CharField(max_length=10, choices=Unit)
    direction = models.CharField(max_length=20, choices=Direction)
    target = models.FloatField()
    threshold = models.FloatField(help_text="The amber line: beyond it the measure is red.")
    weight = models.FloatField(default=1.0)
    source = models.CharField(
        max_length=100,
        default=MANUAL,
        help_text='A registered metric function\'s code, or "manual" for values entered by hand.',
    )
    rollup = models.CharField(
        max_length=10,
        choices=Rollup,
        default=Rollup.SUM,
        help_text="For manual measures; a metric function brings its own.",
    )
    order = models.PositiveSmallIntegerField(default=0)
    active = models.BooleanField(default=True)

    objects = MeasureQuerySet.as_manager()

    class Meta:
        ordering = ["perspective__order", "order", "name"]
        constraints = [
            models.CheckConstraint(condition=Q(weight__gte=0), name="measure_weight_gte_0"),
            # The amber line lies on the bad side of the target.
            models.CheckConstraint(
                condition=Q(direction="higher_is_better", threshold__lte=models.F("target"))
                | Q(direction="lower_is_better", threshold__gte=models.F("target")),
                name="measure_threshold_on_bad_side",
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def is_manual(self) -> bool:
        return self.source == self.MANUAL

    @property
    def higher_is_better(self) -> bool:
        return self.direction == self.Direction.HIGHER_IS_BETTER

    def clean(self):
        if not self.is_manual and self.source not in REGISTRY:
            raise ValidationError(
                {"source": f'No metric function is registered as "{self.source}".'}
            )

    @property
    def rollup_kind(self) -> str:
        """How months roll up: the metric function decides, the admin for manual measures."""
        if self.is_manual or self.source not in REGISTRY:
            return self.rollup
        return REGISTRY[self.source].rollup


class ObservationQuerySet(models.QuerySet):
    def for_scope(self, scope):
        return self.filter(scope_kind=scope.kind, scope_id=scope.id)


class Observation(TimeStampedModel):
    """The value of one measure for one scope in one period, stored so trends are cheap.

    `numerator` and `denominator` keep the parts of a ratio or a mean, so that quarters and
    years are recomputed from the months' parts rather than averaged averages. For a median,
    `denominator` holds how many items it was taken over.
    """

    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="observations")
    scope_kind = models.CharField(max_length=10, choices=ScopeKind)
    # 0 for the company; otherwise the community, unit or account id.
    scope_id = models.PositiveBigIntegerField(default=0)
    period = models.CharField(max_length=7, help_text="YYYY-MM, YYYY-Qn or YYYY.")
    period_kind = models.CharField(max_length=7, choices=PeriodKind)
    period_start = models.DateField()
    value = models.FloatField(null=True, blank=True, help_text="Empty: no data.")
    numerator = models.FloatField(null=True, blank=True)
    denominator = models.FloatField(null=True, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Who typed the value in, for manual measures.",
    )

    objects = ObservationQuerySet.as_manager()

    class Meta:
        ordering = ["measure", "scope_kind", "scope_id", "period_start", "period_kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["measure", "scope_kind", "scope_id", "period"],
                name="observation_one_per_measure_scope_period",
            ),
        ]
        indexes = [
            models.Index(fields=["scope_kind", "scope_id", "period_kind", "period_start"]),
        ]

    def __str__(self):
        return f"{self.measure} · {self.scope_kind}:{self.scope_id} · {self.period}"


class AlertQuerySet(models.QuerySet):
    def visible_to(self, user):
        """An account's alerts are fenced detail: hidden from those outside its fence."""
        if not user.is_authenticated:
            return self.none()
        if access.sees_everything(user):
            return self
        return self.exclude(
            scope_kind=ScopeKind.ACCOUNT, scope_id__in=access.hidden_account_ids(user)
        )

    def for_dashboard(self, period, scope):
        """The period's alerts: every scope's on the company view, the scope's own elsewhere."""
        qs = self.filter(period=period.code).select_related("measure")
        if scope.kind != ScopeKind.COMPANY:
            qs = qs.filter(scope_kind=scope.kind, scope_id=scope.id)
        return qs.order_by("-severity_rank", "-relative_change", "id")


class Alert(TimeStampedModel):
    """A change against the previous period worth an executive's attention."""

    class Severity(models.TextChoices):
        MEDIUM = "medium", "Medium"
        HIGH = "high", "High"

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        ACKNOWLEDGED = "acknowledged", "Acknowledged"
        RESOLVED = "resolved", "Resolved"

    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="alerts")
    scope_kind = models.CharField(max_length=10, choices=ScopeKind)
    scope_id = models.PositiveBigIntegerField(default=0)
    scope_name = models.CharField(max_length=255, blank=True)
    period = models.CharField(max_length=7)
    previous_period = models.CharField(max_length=7)
    value = models.FloatField()
    previous_value = models.FloatField()
    # (value - previous) / |previous|; None when the previous value was zero.
    relative_change = models.FloatField(null=True, blank=True)
    message = models.CharField(max_length=500)
    severity = models.CharField(max_length=10, choices=Severity)
    severity_rank = models.PositiveSmallIntegerField(default=1, editable=False)
    # The work on it (scorecard/alert_work.py); kept when its period is computed again.
    status = models.CharField(max_length=12, choices=Status, default=Status.OPEN)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_alerts",
    )
    note = models.TextField(blank=True, max_length=2000)
    handled_at = models.DateTimeField(null=True, blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = AlertQuerySet.as_manager()

    class Meta:
        ordering = ["-period", "-severity_rank", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["measure", "scope_kind", "scope_id", "period"],
                name="alert_one_per_measure_scope_period",
            ),
        ]
        indexes = [models.Index(fields=["period", "scope_kind", "scope_id"])]

    def __str__(self):
        return self.message

    @property
    def scope_code(self) -> str:
        return (
            "company"
            if self.scope_kind == ScopeKind.COMPANY
            else f"{self.scope_kind}:{self.scope_id}"
        )

    def get_absolute_url(self):
        query = urlencode({"period": self.period, "scope": self.scope_code})
        return f"{reverse('scorecard_records', args=[self.measure.code])}?{query}"
