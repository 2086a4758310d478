"""Trust's models lived in the stakeholders app until this migration: take them over (state
only, their tables stay), then give the tables and indexes trust's names. Content types and
audit events follow, so permissions and history stay attached."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

MOVED = ("auditevent", "apitoken", "loginthrottle", "idempotencykey")


def move_content_types(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    AuditEvent = apps.get_model("trust", "AuditEvent")
    for model in MOVED:
        if not ContentType.objects.filter(app_label="trust", model=model).exists():
            ContentType.objects.filter(app_label="stakeholders", model=model).update(
                app_label="trust"
            )
        AuditEvent.objects.filter(model=f"stakeholders.{model}").update(model=f"trust.{model}")


def restore_content_types(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    AuditEvent = apps.get_model("trust", "AuditEvent")
    for model in MOVED:
        ContentType.objects.filter(app_label="trust", model=model).update(
            app_label="stakeholders"
        )
        AuditEvent.objects.filter(model=f"trust.{model}").update(model=f"stakeholders.{model}")


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("stakeholders", "0005_contact_sync_stamp_and_idempotency_keys"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="AuditEvent",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("at", models.DateTimeField(default=django.utils.timezone.now)),
                        ("actor_name", models.CharField(blank=True, max_length=150)),
                        ("source", models.CharField(help_text="request:<id> or command:<name>", max_length=200)),
                        ("action", models.CharField(choices=[("create", "Created"), ("update", "Changed"), ("delete", "Deleted"), ("erase", "Personal data erased"), ("export", "Personal data exported")], max_length=10)),
                        ("model", models.CharField(max_length=100)),
                        ("object_id", models.CharField(max_length=64)),
                        ("changes", models.JSONField(blank=True, default=dict)),
                        ("actor", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+", to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        "ordering": ["-at", "-id"],
                        "db_table": "stakeholders_auditevent",
                        "indexes": [
                            models.Index(fields=["model", "object_id", "-at"], name="stakeholder_model_2a3216_idx"),
                            models.Index(fields=["-at"], name="stakeholder_at_ef2455_idx"),
                        ],
                    },
                ),
                migrations.CreateModel(
                    name="ApiToken",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("name", models.CharField(blank=True, max_length=100)),
                        ("prefix", models.CharField(max_length=8)),
                        ("key_hash", models.CharField(max_length=64, unique=True)),
                        ("created_at", models.DateTimeField(default=django.utils.timezone.now, editable=False)),
                        ("last_used_at", models.DateTimeField(blank=True, null=True)),
                        ("revoked_at", models.DateTimeField(blank=True, null=True)),
                        ("user", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="api_tokens", to=settings.AUTH_USER_MODEL)),
                    ],
                    options={"ordering": ["-created_at", "-id"], "db_table": "stakeholders_apitoken"},
                ),
                migrations.CreateModel(
                    name="LoginThrottle",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("username", models.CharField(max_length=150, unique=True)),
                        ("failures", models.PositiveIntegerField(default=0)),
                        ("last_failure_at", models.DateTimeField(blank=True, null=True)),
                        ("locked_until", models.DateTimeField(blank=True, null=True)),
                    ],
                    options={"db_table": "stakeholders_loginthrottle"},
                ),
                migrations.CreateModel(
                    name="IdempotencyKey",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("key", models.CharField(max_length=255)),
                        ("request_hash", models.CharField(max_length=64)),
                        ("state", models.CharField(choices=[("in_flight", "In flight"), ("completed", "Completed")], default="in_flight", max_length=10)),
                        ("response_status", models.PositiveSmallIntegerField(blank=True, null=True)),
                        ("response_headers", models.JSONField(blank=True, default=dict)),
                        ("response_body", models.BinaryField(blank=True, default=b"")),
                        ("created_at", models.DateTimeField(default=django.utils.timezone.now)),
                        ("user", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="idempotency_keys", to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        "db_table": "stakeholders_idempotencykey",
                        "indexes": [models.Index(fields=["created_at"], name="idempotency_key_created")],
                        "constraints": [models.UniqueConstraint(fields=("user", "key"), name="idempotency_key_unique_per_user")],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.AlterModelTable(name="auditevent", table=None),
        migrations.AlterModelTable(name="apitoken", table=None),
        migrations.AlterModelTable(name="loginthrottle", table=None),
        migrations.AlterModelTable(name="idempotencykey", table=None),
        migrations.RenameIndex(
            model_name="auditevent", new_name="audit_event_object", old_name="stakeholder_model_2a3216_idx"
        ),
        migrations.RenameIndex(
            model_name="auditevent", new_name="audit_event_at", old_name="stakeholder_at_ef2455_idx"
        ),
        migrations.RunPython(move_content_types, restore_content_types),
    ]
