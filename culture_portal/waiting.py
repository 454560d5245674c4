"""What is waiting for the signed-in user, shown at the top of the home page (issue 14 §1).

The core knows no app: each app registers a provider in its `waiting.register()` (called from its AppConfig's
ready()). A provider takes the user and returns WaitingItems for the roles the user holds. Each item's link opens
the app's list with the very filters its count was taken with, so the list shows exactly the items counted.

Counts stay cheap however large the tables grow: each is one query over at most CAP rows (COUNT over a LIMIT
subquery), shown as "99+" beyond.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from urllib.parse import urlencode

from django.urls import reverse

# Rows counted at most per item; a count that reaches it is shown as "99+".
CAP = 100


@dataclass(frozen=True)
class WaitingItem:
    label: str
    count: int
    url: str
    # Late or overdue work: marked on the page in words, not by colour only.
    urgent: bool = False
    order: int = 100

    @property
    def shown_count(self) -> str:
        return f"{CAP - 1}+" if self.count >= CAP else str(self.count)


Provider = Callable[..., list[WaitingItem]]
_providers: list[Provider] = []


def register(provider: Provider) -> None:
    """`provider(user)` returns the user's WaitingItems (an empty list for roles it does not serve)."""
    if provider not in _providers:
        _providers.append(provider)


def capped_count(queryset) -> int:
    """How many rows, counting at most CAP: SELECT COUNT(*) FROM (... LIMIT CAP), one query an index can serve."""
    return queryset.order_by()[:CAP].count()


def list_url(url_name: str, params: Mapping[str, str]) -> str:
    return f"{reverse(url_name)}?{urlencode(params)}" if params else reverse(url_name)


def item(label, queryset, url_name: str, params: Mapping[str, str], *, urgent: bool = False, order: int = 100):
    """An item whose count is taken from `queryset`: the list at `url_name` filtered by `params` shows the same rows."""
    return WaitingItem(
        label=str(label), count=capped_count(queryset), url=list_url(url_name, params), urgent=urgent, order=order
    )


def items_for(user) -> list[WaitingItem]:
    """The user's items that have something waiting, in a fixed order; the same list (one URL) appears once even
    when two roles ask for it (e.g. overdue cases for a leader who is also a feedback officer)."""
    if not user.is_authenticated:
        return []
    seen: dict[str, WaitingItem] = {}
    for provider in _providers:
        for entry in provider(user):
            if entry.count and entry.url not in seen:
                seen[entry.url] = entry
    return sorted(seen.values(), key=lambda entry: entry.order)
