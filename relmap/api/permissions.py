"""Who may call the API at all; row-level rules stay in stakeholders/access.py."""

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
