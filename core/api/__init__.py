"""The REST API's shared building blocks: errors, fields, filters, conditional requests,
paging, parsing, schema helpers and routing. Each app's `api` package builds on these."""
