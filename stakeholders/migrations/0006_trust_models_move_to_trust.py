"""Audit events, API tokens, login throttles and idempotency keys now belong to the trust app
(trust/migrations/0001_initial.py takes their tables over): forget them here, state only."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("stakeholders", "0005_contact_sync_stamp_and_idempotency_keys"),
        ("trust", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="AuditEvent"),
                migrations.DeleteModel(name="ApiToken"),
                migrations.DeleteModel(name="LoginThrottle"),
                migrations.DeleteModel(name="IdempotencyKey"),
            ],
            database_operations=[],
        ),
    ]
