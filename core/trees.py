"""Hierarchies kept as a `parent` reference (organisations' divisions, our units)."""

from collections.abc import Iterator


def ancestors(node) -> Iterator:
    """`node`'s parents, nearest first (one query a level: hierarchies are short). Stops at a
    loop rather than walking it for ever."""
    seen = {node.pk}
    parent = node.parent
    while parent is not None and parent.pk not in seen:
        yield parent
        seen.add(parent.pk)
        parent = parent.parent


def would_contain_itself(node, parent) -> bool:
    """Whether making `parent` the parent of `node` would put `node` inside itself."""
    if parent is None or node.pk is None:
        return False
    return parent.pk == node.pk or any(a.pk == node.pk for a in ancestors(parent))
