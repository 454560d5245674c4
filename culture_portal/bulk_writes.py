"""Writes that send no signal (bulk_create, update, bulk_update), announced to whatever keeps data derived from them.

Summary tables kept current by save and delete signals (the dashboard's tallies) cannot see such writes. A service
that writes in bulk wraps the write in `bulk_write(model, filters)`, naming only its own model and the rows it
touches; each follower registered from an AppConfig.ready() (the tallies) reads what depends on those rows before
the block and after it, in the same transaction. So an app never imports the layer that reports on it, and a new
summary needs no change to the writers.
"""

import contextlib
from collections.abc import Callable

from django.db.models import Q

# follower(model, filters) -> a context manager wrapping the write
Follower = Callable[..., contextlib.AbstractContextManager]
_followers: list[Follower] = []


def register_bulk_write_follower(follower: Follower) -> None:
    if follower not in _followers:
        _followers.append(follower)


@contextlib.contextmanager
def bulk_write(model, filters: Q):
    """Around a write to the rows of `model` matching `filters` (before and after the write: filter on keys the
    write does not change, e.g. Q(pk__in=ids))."""
    with contextlib.ExitStack() as stack:
        for follower in _followers:
            stack.enter_context(follower(model, filters))
        yield
