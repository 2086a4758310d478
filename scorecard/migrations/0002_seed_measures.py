"""Seed the four perspectives and the built-in measures; administrators tune them afterwards."""

from django.db import migrations

PERSPECTIVES = [
    ("Organisation", 1, 1.0),
    ("People", 2, 1.0),
    ("Interventions", 3, 1.0),
    ("Processes & Systems", 4, 1.0),
]

# (perspective, code, name, unit, direction, target, threshold, weight, rollup, description)
HIGHER, LOWER = "higher_is_better", "lower_is_better"
MEASURES = [
    ("Organisation", "key_account_coverage", "Key-account coverage", "percent", HIGHER, 90, 70, 2,
     "last", "% of key accounts with an active relationship at every tier their level needs."),
    ("Organisation", "key_accounts_at_target_level", "Key accounts at target level", "percent",
     HIGHER, 60, 40, 1, "last", "% of key accounts whose current level ≥ target level."),
    ("Organisation", "single_threaded_key_accounts", "Single-threaded key accounts", "count",
     LOWER, 0, 3, 1, "last",
     "Count of key accounts where one person holds every relationship."),
    ("Organisation", "dormant_executive_relationships", "Dormant executive relationships",
     "count", LOWER, 2, 10, 1, "last",
     "Count of executive relationships with no interaction in 90 days."),
    ("Organisation", "survey_response_rate", "Survey response rate", "percent", HIGHER, 50, 30,
     0.5, "ratio", "% of assessment requests answered by the stakeholder side."),
    ("Organisation", "total_score_theirs", "TOTAL score, their side", "score", HIGHER, 4.0, 3.5,
     1, "ratio", "Mean TOTAL score (1–5) of assessments by the stakeholder side."),
    ("Organisation", "nps", "Net promoter score", "score", HIGHER, 30, 0, 1, "ratio",
     "Net promoter score from assessments that asked it (−100 … +100)."),
    ("People", "interactions_per_account", "Interactions per account", "count", HIGHER, 4, 2,
     1, "ratio", "Interactions per account per month."),
    ("People", "average_sentiment", "Average sentiment", "score", HIGHER, 0.5, 0, 1, "ratio",
     "Mean interaction sentiment (−2 … +2)."),
    ("People", "commitments_kept_pct", "Commitments kept", "percent", HIGHER, 90, 75, 2,
     "ratio",
     "% of commitments due in the period that were kept on or before their due date."),
    ("Interventions", "interventions_single_purpose_pct",
     "Single-purpose interventions with an outcome", "percent", HIGHER, 95, 80, 1, "ratio",
     "% of interventions closed in the period with one purpose and a recorded outcome."),
    ("Interventions", "interventions_achieved_pct", "Interventions achieved", "percent", HIGHER,
     70, 50, 1, "ratio", "% of interventions closed in the period rated achieved."),
    ("Processes & Systems", "open_issues", "Open issues", "count", LOWER, 20, 50, 1, "last",
     "Issues open at the end of the period."),
    ("Processes & Systems", "median_issue_turnaround_days", "Median issue turnaround", "days",
     LOWER, 5, 10, 1, "median",
     "Median days from opened to resolved, for issues resolved in the period."),
    ("Processes & Systems", "late_delivery_complaints_key_accounts",
     "Late-delivery complaints at key accounts", "count", LOWER, 5, 10, 1, "sum",
     "Late-delivery issues opened in the period at key accounts."),
    ("Processes & Systems", "escalations", "Escalations", "count", LOWER, 5, 15, 1, "sum",
     "Issues escalated in the period."),
    # Added with the public feedback channel; 0004 adds it where this migration already ran.
    ("Processes & Systems", "median_issue_acknowledgement_days", "Median time to acknowledge",
     "days", LOWER, 1, 3, 1, "median",
     "Median days from opened to our first public reply, for issues acknowledged in the period."),
]


def seed(apps, schema_editor):
    Perspective = apps.get_model("scorecard", "Perspective")
    Measure = apps.get_model("scorecard", "Measure")
    perspectives = {}
    for name, order, weight in PERSPECTIVES:
        perspectives[name], _ = Perspective.objects.get_or_create(
            name=name, defaults={"order": order, "weight": weight}
        )
    for order, row in enumerate(MEASURES, start=1):
        perspective, code, name, unit, direction, target, threshold, weight, rollup, text = row
        Measure.objects.get_or_create(
            code=code,
            defaults={
                "perspective": perspectives[perspective],
                "name": name,
                "unit": unit,
                "direction": direction,
                "target": target,
                "threshold": threshold,
                "weight": weight,
                "source": code,
                "rollup": rollup,
                "order": order,
                "description": text,
            },
        )


def unseed(apps, schema_editor):
    apps.get_model("scorecard", "Measure").objects.filter(
        code__in=[row[1] for row in MEASURES]
    ).delete()
    apps.get_model("scorecard", "Perspective").objects.filter(
        name__in=[row[0] for row in PERSPECTIVES], measures__isnull=True
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("scorecard", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
