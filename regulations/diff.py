"""What changed between two versions of a document, provision by provision (matched by anchor)."""

import difflib
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from regulations.models import DocumentVersion


@dataclass
class ProvisionChange:
    status: str  # "added", "removed", "changed", "unchanged"
    label: str
    anchor: str
    depth: int
    heading_html: SafeString
    text_html: SafeString


def _wrap(tag: str, text: str) -> SafeString:
    return mark_safe(f"<{tag}>{escape(text)}</{tag}>") if text else mark_safe("")  # noqa: S308 - escaped  # nosec B308 B703


def _word_diff(old: str, new: str) -> SafeString:
    old_words, new_words = old.split(" "), new.split(" ")
    pieces = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=old_words, b=new_words, autojunk=False).get_opcodes():
        if tag == "equal":
            pieces.append(escape(" ".join(old_words[i1:i2])))
            continue
        if i2 > i1:
            pieces.append(f"<del>{escape(' '.join(old_words[i1:i2]))}</del>")
        if j2 > j1:
            pieces.append(f"<ins>{escape(' '.join(new_words[j1:j2]))}</ins>")
    return mark_safe(" ".join(pieces))  # noqa: S308 - every piece is escaped  # nosec B308 B703


def compare_versions(old: DocumentVersion, new: DocumentVersion) -> list[ProvisionChange]:
    """Provisions in the new version's reading order, with removed ones placed after their predecessor."""
    old_rows = {p.anchor: p for p in old.provisions.order_by("position")}
    new_rows = list(new.provisions.order_by("position"))
    new_anchors = {p.anchor for p in new_rows}
    changes: list[ProvisionChange] = []
    removed_after: dict[str | None, list] = {}
    previous = None
    for provision in old_rows.values():
        if provision.anchor not in new_anchors:
            removed_after.setdefault(previous, []).append(provision)
        else:
            previous = provision.anchor

    def add_removed(after):
        for gone in removed_after.get(after, []):
            heading, text = _wrap("del", gone.heading), _wrap("del", gone.text)
            changes.append(ProvisionChange("removed", gone.label, gone.anchor, gone.depth, heading, text))

    add_removed(None)
    for provision in new_rows:
        before = old_rows.get(provision.anchor)
        if before is None:
            status, heading, text = "added", _wrap("ins", provision.heading), _wrap("ins", provision.text)
        elif (before.heading, before.text) == (provision.heading, provision.text):
            status, heading, text = "unchanged", escape(provision.heading), escape(provision.text)
        else:
            status = "changed"
            heading, text = _word_diff(before.heading, provision.heading), _word_diff(before.text, provision.text)
        changes.append(ProvisionChange(status, provision.label, provision.anchor, provision.depth, heading, text))
        add_removed(provision.anchor)
    return changes
