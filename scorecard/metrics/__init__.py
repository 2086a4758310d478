"""The built-in metric functions, registered by code with `@metric("code", ...)`.

Each function computes its measure for one period (usually a month) and for every scope of a
`Context` at once, in a constant number of queries whatever the data size:

- over the big tables (interactions, issues, commitments, ...), one query gives the company,
  every community and every unit as filtered aggregates (`COUNT(*) FILTER (WHERE ...)`), and
  one more gives every account, grouped by the top of the organisation's hierarchy;
- over smaller sets (key accounts, executive relationships, the issues resolved in a month for
  a median) one query fetches the rows and Python hands each row to the scopes it belongs to.

A function returns `{scope.key: Result}`; a scope it leaves out has no data. See
docs/scorecard.md for the exact definitions and edge cases.
"""

from scorecard.metrics import interventions, organisation, people, processes
from scorecard.metrics.scoping import Context
from scorecard.registry import NO_DATA, REGISTRY, Metric, Result

__all__ = [
    "NO_DATA",
    "REGISTRY",
    "Context",
    "Metric",
    "Result",
    "interventions",
    "organisation",
    "people",
    "processes",
]
