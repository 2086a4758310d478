"""Trigram indexes for the global search and the list filters: on PostgreSQL they serve the
case-insensitive `icontains` lookups (UPPER(col::text) LIKE UPPER('%word%')) at any table
size. Other databases have no such index: nothing to do there."""

from django.db import migrations

INDEXES = {
    "interventions_interaction": ["summary"],
    "interventions_intervention": ["title", "objective"],
    "interventions_commitment": ["description"],
    "interventions_issue": ["summary"],
}


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for table, columns in INDEXES.items():
        for column in columns:
            schema_editor.execute(
                f"CREATE INDEX IF NOT EXISTS {table}_{column}_trgm ON {table} "
                f"USING gin (UPPER(({column})::text) gin_trgm_ops)"
            )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, columns in INDEXES.items():
        for column in columns:
            schema_editor.execute(f"DROP INDEX IF EXISTS {table}_{column}_trgm")


class Migration(migrations.Migration):
    dependencies = [("interventions", "0001_initial")]

    operations = [migrations.RunPython(create, drop)]
