"""How one of our people is named wherever Relmap shows them."""


def person_name(user) -> str:
    """The user's full name, or their username when they have none."""
    return user.get_full_name() or user.get_username()
