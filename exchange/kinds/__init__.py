"""Each kind of row an import takes: its columns (`COLUMNS`), the fields each row needs one
of (`NAMES`), and `import_chunk(run, rows)`, which writes a chunk of rows and says what
happened to each."""

from exchange.kinds import contacts

KINDS = {
    "contacts": contacts,
}
