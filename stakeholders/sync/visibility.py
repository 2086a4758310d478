"""What a user can see, as the changes feed remembers it: visibility changes are changes.

A cursor records the view its client's replica reflects (the top-level organisations hidden
from the user by picket fences). When the user's view differs at the next read (a fence
raised or lowered, the user joined or left a team, became or stopped being an account's
manager, changed role), the feed first sends the contacts of every organisation whose
visibility changed: tombstones for those that left the view, live rows for those that
entered it. Contacts that move to another organisation carry a `moved_stamp`, so the ones that
moved behind a fence reach the clients that held them as tombstones.
"""

import hashlib
import json

from django.db.models import Q

from stakeholders import access
from stakeholders.models import SyncView


def hidden_roots(user) -> list[int]:
    """Ids of the top-level organisations `user` may not see behind, sorted (one query, none
    for those who see everything)."""
    if access.sees_everything(user):
        return []
    return sorted(access.hidden_root_ids(user).values_list("organisation_id", flat=True))


def _digest(roots: list[int]) -> str:
    return hashlib.sha256(json.dumps(roots).encode()).hexdigest()


def views_for(roots: list[int], *, known=()) -> tuple[SyncView, dict[int, SyncView]]:
    """The view of `roots` (created the first time it is seen) and the views with the ids in
    `known` that exist: one query, two the first time a view is seen."""
    digest = _digest(roots)
    ids = [pk for pk in known if pk]
    found = list(SyncView.objects.filter(Q(digest=digest) | Q(pk__in=ids)))
    current = next((v for v in found if v.digest == digest), None) or view_of(roots)
    return current, {v.pk: v for v in found if v.pk in ids}


def view_of(roots: list[int]) -> SyncView:
    """The SyncView holding exactly `roots` (created the first time)."""
    roots = sorted(roots)
    view, _ = SyncView.objects.get_or_create(
        digest=_digest(roots), defaults={"hidden_roots": roots}
    )
    return view
