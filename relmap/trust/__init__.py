"""What people and clients see of trust: their API tokens, objects' history, the audit trail
and personal-data requests. The records themselves live in the `trust` app; this package is
where they meet the domain apps (a contact's export reads interactions, commitments…)."""
