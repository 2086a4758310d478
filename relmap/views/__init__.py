"""Pages that bring the apps together: home, an organisation, a contact, the relationship map."""
