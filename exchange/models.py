"""An import and what it wrote, so that it can be reported on and undone."""

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.urls import reverse
from django.utils import timezone

from stakeholders import access


class ImportBatchQuerySet(models.QuerySet):
    def visible_to(self, user):
        """One's own imports; administrators see everyone's."""
        if not user.is_authenticated:
            return self.none()
        return self if access.is_admin(user) else self.filter(created_by=user)


class ImportBatch(models.Model):
    """One file imported (or only checked) by one user.

    The file itself is kept in the database until the import has run, so a worker on another
    app server can read it; then it is dropped. `preview` holds the first rows' outcomes and
    `errors` every refused row (up to MAX_ERRORS), for the page and the API.
    """

    class Kind(models.TextChoices):
        ORGANISATIONS = "organisations", "Organisations"
        CONTACTS = "contacts", "Contacts"
        RELATIONSHIPS = "relationships", "Relationships"
        INTERACTIONS = "interactions", "Interactions"
        COMMITMENTS = "commitments", "Commitments"
        ISSUES = "issues", "Issues"

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        RUNNING = "running", "Running"
        DONE = "done", "Done"
        FAILED = "failed", "Failed"
        UNDONE = "undone", "Undone"

    MAX_ERRORS = 1000
    PREVIEW_ROWS = 100

    kind = models.CharField(max_length=20, choices=Kind)
    file_name = models.CharField(max_length=255)
    content = models.BinaryField(null=True, editable=False)
    status = models.CharField(max_length=10, choices=Status, default=Status.QUEUED)
    dry_run = models.BooleanField(default=True)
    create_missing_organisations = models.BooleanField(default=False)
    valid_rows_only = models.BooleanField(default=False)
    # The field each column of the file goes to ("" for a column left out), in file order.
    headers = models.JSONField(default=list)
    mapping = models.JSONField(default=list)
    rows = models.PositiveIntegerField(default=0)
    progress = models.PositiveIntegerField(default=0)
    counts = models.JSONField(default=dict)
    errors = models.JSONField(default=list)
    preview = models.JSONField(default=list)
    message = models.CharField(max_length=500, blank=True)
    # What undo refused because it changed since: [{"model", "id", "label"}].
    undo_refused = models.JSONField(default=list)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="imports"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    finished_at = models.DateTimeField(null=True, blank=True)
    undone_at = models.DateTimeField(null=True, blank=True)

    objects = ImportBatchQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name_plural = "import batches"
        indexes = [models.Index(fields=["created_by", "-created_at"])]

    def __str__(self):
        return f"{self.get_kind_display()} from {self.file_name}"

    def get_absolute_url(self):
        return reverse("import_detail", args=[self.pk])

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED, self.Status.UNDONE)

    @property
    def was_written(self) -> bool:
        """Did this import change the data (so that it can be undone)?"""
        return (
            self.status == self.Status.DONE
            and not self.dry_run
            and bool(self.counts.get("created") or self.counts.get("updated"))
        )

    @property
    def percent(self) -> int:
        return min(100, round(100 * self.progress / self.rows)) if self.rows else 0


class ImportedRow(models.Model):
    """Rows an import created (many at once) or changed (one, with its values before): what
    undo removes or puts back.

    `written_at` is the rows' `updated_at` as the import left them: a row whose `updated_at`
    has moved since was changed by someone, and undo leaves it alone.
    """

    class Action(models.TextChoices):
        CREATED = "created", "Created"
        UPDATED = "updated", "Updated"

    batch = models.ForeignKey(ImportBatch, on_delete=models.CASCADE, related_name="written")
    model = models.CharField(max_length=100)
    object_ids = models.JSONField(default=list)
    action = models.CharField(max_length=10, choices=Action)
    before = models.JSONField(default=dict, encoder=DjangoJSONEncoder)
    written_at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["batch", "model", "action"])]

    def __str__(self):
        return f"{self.model}:{self.object_ids[:3]} {self.action}"
