"""Pages about stakeholders alone: organisations, contacts, communities, accounts,
relationships and assessments (lists, and the forms to create, change and archive them).
The organisation and contact pages themselves draw on every app: relmap/views/."""
