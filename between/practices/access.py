"""Who may see what: the practice a user belongs to is the boundary of everything."""

from __future__ import annotations

from typing import Any

from django.http import Http404

from between.practices.models import Membership


def membership_or_none(user: Any) -> Membership | None:
    if user is None or not user.is_authenticated:
        return None
    try:
        found: Membership = user.membership
    except Membership.DoesNotExist:
        return None
    return found if found.is_active else None


def membership_or_404(user: Any) -> Membership:
    """The user's active membership; a user without one can reach nothing."""
    found = membership_or_none(user)
    if found is None:
        raise Http404
    return found
