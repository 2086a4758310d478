"""Trust: the audit trail, API tokens and authentication, login throttling and idempotent
retries. It sits below the domain apps (every audited model builds on `trust.audit`) and
knows nothing of them."""
