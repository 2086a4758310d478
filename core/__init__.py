"""Plumbing every app may import: the REST API's building blocks, paging, form basics.

It sits below every app (`core` ← `trust` ← `stakeholders` ← `interventions` ← `scorecard` ←
`relmap`) and imports none of them.
"""
