"""Seed the measure of the public feedback channel, median_issue_acknowledgement_days, where
0002 ran before its list carried it (0002's seeding only adds the measures that are missing)."""

import importlib

from django.db import migrations

seed = importlib.import_module("scorecard.migrations.0002_seed_measures").seed


class Migration(migrations.Migration):
    dependencies = [("scorecard", "0003_alert_work")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
