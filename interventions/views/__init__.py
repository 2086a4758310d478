"""Pages to log interactions, plan interventions and keep commitments and issues: one module
per entity (`interactions`, `interventions`, `records` for commitments and issues), sharing
the helpers of `common`."""
