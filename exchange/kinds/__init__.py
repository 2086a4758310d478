"""Each kind of row an import takes: its columns (`COLUMNS`), the fields each row needs one
of (`NAMES`, where no single column is required), and `import_chunk(run, rows)`, which writes
a chunk of rows and says what happened to each."""

from exchange.kinds import commitments, contacts, interactions, issues, organisations, relationships

KINDS = {
    "organisations": organisations,
    "contacts": contacts,
    "relationships": relationships,
    "interactions": interactions,
    "commitments": commitments,
    "issues": issues,
}
