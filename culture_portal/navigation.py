"""The menu and the home page's entry points, filtered by what the user may do.

The core knows no app: each app registers its entries in its AppConfig.ready(),
so a new capability appears in the menu of exactly the roles allowed to use it.
"""

from dataclasses import dataclass

from django.urls import reverse


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    description: str = ""
    # A Django permission the user needs; None: any signed-in user; "public": everyone.
    permission: str | None = None
    order: int = 100

    def allows(self, user) -> bool:
        if self.permission == "public":
            return True
        if not user.is_authenticated:
            return False
        return self.permission is None or user.has_perm(self.permission)


_registry: list[NavItem] = []
_home_panels: list = []


def register_home_panel(panel) -> None:
    """`panel(request)` returns None or a dict with "template" and the template's context."""
    if panel not in _home_panels:
        _home_panels.append(panel)


def home_panels(request) -> list[dict]:
    return [content for panel in _home_panels if (content := panel(request))]


def register(*items: NavItem) -> None:
    for item in items:
        if item not in _registry:
            _registry.append(item)


def items_for(user) -> list[dict]:
    return [
        {"label": item.label, "url": reverse(item.url_name), "description": item.description, "url_name": item.url_name}
        for item in sorted(_registry, key=lambda entry: entry.order)
        if item.allows(user)
    ]


def navigation(request):
    """Context processor: `nav_items` for the menu, computed once per request."""
    items = items_for(request.user)
    current = request.resolver_match.view_name if request.resolver_match else ""
    for item in items:
        item["active"] = item["url_name"] == current
    return {"nav_items": items, "display_name": display_name(request.user)}


def display_name(user) -> str:
    """Vietnamese order: family name first ("Võ Hồng Hải"), without a query."""
    if not user.is_authenticated:
        return ""
    return " ".join(part for part in (user.last_name, user.first_name) if part) or user.get_username()
