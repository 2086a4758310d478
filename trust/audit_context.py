"""Who is writing, and from where: set once per request or command, read by the audit trail.

This module imports nothing from Django's ORM so `manage.py` can set the source before Django
is set up.
"""

import contextlib
import contextvars
from dataclasses import dataclass


@dataclass(frozen=True)
class AuditContext:
    source: str = "unknown"
    # Either a request (whose user is read when an event is written: DRF authenticates tokens
    # after the middleware has run) or a fixed user.
    request: object = None
    user: object = None
    # Bulk writes record one summary event per call instead of one per row (demo loading).
    summarise_bulk: bool = False

    def actor(self):
        user = self.user
        if user is None and self.request is not None:
            user = getattr(self.request, "user", None)
        if user is not None and getattr(user, "is_authenticated", False):
            return user
        return None


_DEFAULT = AuditContext()
_current: contextvars.ContextVar[AuditContext | None] = contextvars.ContextVar(
    "relmap_audit_context", default=None
)


def current() -> AuditContext:
    return _current.get() or _DEFAULT


def set_source(source: str) -> None:
    """Set the source for the rest of this process or thread (used by manage.py)."""
    _current.set(AuditContext(source=source))


@contextlib.contextmanager
def bind(**changes):
    """Within the block, audit events carry these attributes (source, request, user, …)."""
    base = current()
    token = _current.set(AuditContext(**{**base.__dict__, **changes}))
    try:
        yield
    finally:
        _current.reset(token)
