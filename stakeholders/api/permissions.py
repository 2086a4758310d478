"""Who may call the API, and the 403s of the picket fence. The rules themselves are decided
in `stakeholders/access.py`; this module only turns them into HTTP answers."""

from rest_framework import exceptions
from rest_framework.permissions import SAFE_METHODS, BasePermission

from stakeholders import access


class ApiPermission(BasePermission):
    """Signed-in users only; views with `admin_write = True` take writes from admins only."""

    message = "Only administrators may change this."

    def has_permission(self, request, view):
        user = request.user
        if not (user and user.is_authenticated):
            return False
        if getattr(view, "admin_write", False) and request.method not in SAFE_METHODS:
            return access.is_admin(user)
        return True


class IsAdministrator(BasePermission):
    """Signed in (else 401) and an administrator (else 403)."""

    message = "Only administrators may do this."

    def has_permission(self, request, view):
        return access.is_admin(request.user)


ADMIN_ONLY = [ApiPermission, IsAdministrator]


def require_write(user, organisation) -> None:
    """403 unless `user` may write at `organisation` (the picket fence, access.can_write_at)."""
    if not access.can_write_at(user, organisation):
        raise exceptions.PermissionDenied(
            access.fence_refusal_message(organisation) or "You may not write here."
        )


def require_owner_change(user, instance, attrs, organisation) -> None:
    """403 when `attrs` hands `instance` to another owner and `user` may not do that."""
    if instance is None or "owner" not in attrs:
        return
    if not access.may_hand_over(user, instance, attrs["owner"], organisation):
        raise exceptions.PermissionDenied(
            "Only the current owner, the account's manager and administrators may hand this over."
        )


def require_manage(user, account, message: str) -> None:
    """403 with `message` unless `user` may manage `account` (its fence, team, existence)."""
    if not access.may_manage_account(user, account):
        raise exceptions.PermissionDenied(message)
