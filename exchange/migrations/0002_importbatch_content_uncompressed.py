"""An import's file is kept uncompressed on PostgreSQL (STORAGE EXTERNAL), so that the worker
reads any slice of it without decompressing the file up to there. Nothing to do elsewhere."""

from django.db import migrations


def _storage(kind):
    def apply(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(
                f"ALTER TABLE exchange_importbatch ALTER COLUMN content SET STORAGE {kind}"
            )

    return apply


class Migration(migrations.Migration):
    dependencies = [("exchange", "0001_import_batches")]

    operations = [migrations.RunPython(_storage("EXTERNAL"), _storage("EXTENDED"))]
