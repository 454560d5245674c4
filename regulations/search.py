"""Ranked search in documents and provisions, with or without Vietnamese diacritics.

Text is folded (culture_portal.text.fold: "KỶ LUẬT" -> "ky luat", đ -> d) when it
is stored and when it is searched, so case and diacritics never matter. A hit
inside a clause or point returns its article. When nothing matches exactly,
the search retries allowing one wrong letter per word ("ke luat" finds
"kỷ luật") and says so.

On PostgreSQL the folded text is searched with full-text search over a GIN
index on to_tsvector('simple', search_text) (migration 0002); elsewhere (the
embedded SQLite) with LIKE on whole words.
"""

import string
from dataclasses import dataclass, field

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import F, Q
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from culture_portal.text import fold, fold_aligned
from regulations.models import LegalDocument, Provision, SearchWord

MAX_TOKENS = 8
MAX_RESULTS = 50
CANDIDATES = 200
RANK_SAMPLE = 1000
# One-letter tolerance only for ordinary words, and a few of them: the variants grow with length x alphabet.
FUZZY_MAX_TOKENS = 5
FUZZY_WORD_LENGTH = range(2, 16)
# The embedded SQLite has no full-text index; the tolerant retry reads at most this many rows there.
SQLITE_FUZZY_SCAN = 20_000
ALPHABET = string.ascii_lowercase + string.digits


@dataclass
class SearchResult:
    query: str
    documents: list = field(default_factory=list)
    articles: list = field(default_factory=list)
    approximate: bool = False


def tokens_of(query: str) -> list[str]:
    return fold(query).split()[:MAX_TOKENS]


def one_letter_variants(word: str) -> set[str]:
    """Every word at one edit (change, drop, add, swap a letter) from `word`, itself included."""
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    variants = {word}
    variants |= {left + right[1:] for left, right in splits if right and len(word) > 2}
    variants |= {left + c + right[1:] for left, right in splits if right for c in ALPHABET}
    variants |= {left + c + right for left, right in splits for c in ALPHABET if len(word) > 2}
    variants |= {left + right[1] + right[0] + right[2:] for left, right in splits if len(right) > 1}
    return variants


def _tolerant(tokens: list[str]) -> bool:
    return len(tokens) <= FUZZY_MAX_TOKENS and all(len(token) in FUZZY_WORD_LENGTH for token in tokens)


def _is_postgresql() -> bool:
    return connection.vendor == "postgresql"


def _tsquery(groups: list[set[str]]) -> str:
    return " & ".join("(" + " | ".join(sorted(group)) + ")" for group in groups)


def _match(queryset, groups: list[set[str]]) -> list:
    """Up to CANDIDATES rows whose folded text contains, for each group, one of its words (best first on PostgreSQL)."""
    if _is_postgresql():
        return _match_postgresql(queryset, groups)
    if all(len(group) == 1 for group in groups):
        condition = Q()
        for (word,) in groups:
            condition &= Q(search_text__contains=f" {word} ")
        return list(queryset.filter(condition)[:CANDIDATES])
    # Tolerant retry on SQLite: compare words in Python over a bounded scan.
    ids = [
        pk
        for pk, text in queryset.values_list("pk", "search_text")[:SQLITE_FUZZY_SCAN]
        if all(any(f" {word} " in text for word in group) for group in groups)
    ]
    return list(queryset.filter(pk__in=ids[:CANDIDATES]))


def _match_postgresql(queryset, groups) -> list:
    query = SearchQuery(_tsquery(groups), config="simple", search_type="raw")
    # Provisions keep a stored vector (fast to rank); documents are few and use an expression index.
    stored = hasattr(queryset.model, "search_vector")
    vector = F("search_vector") if stored else SearchVector("search_text", config="simple")
    # 1. The GIN index finds a bounded sample of the matches (ranking every row that contains a common
    #    word would grow with the table); ts_rank_cd orders the sample and keeps the best ids.
    sample = queryset.annotate(match_vector=vector).filter(match_vector=query).order_by().values("pk")[:RANK_SAMPLE]
    ranked = list(
        queryset.model.objects.filter(pk__in=sample)
        .annotate(rank=SearchRank(vector, query, cover_density=True))
        .order_by("-rank")
        .values_list("pk", flat=True)[:CANDIDATES]
    )
    # 2. Only those rows are loaded with their related records.
    rows = queryset.order_by().in_bulk(ranked)
    return [rows[pk] for pk in ranked if pk in rows]


def _rerank(rows, tokens):
    """Best first: the phrase in the heading or title, then the phrase anywhere, then how often the words occur."""
    phrase = f" {' '.join(tokens)} "

    def score(row):
        heading = f" {fold(getattr(row, 'heading', '') or getattr(row, 'title', ''))} "
        return (
            phrase not in heading,
            phrase not in row.search_text,
            -sum(row.search_text.count(f" {token} ") for token in tokens),
        )

    return sorted(rows, key=score)


def search(query: str, *, document_ids=None) -> SearchResult:
    tokens = tokens_of(query)
    result = SearchResult(query=query)
    if not tokens:
        return result
    variants = {token: one_letter_variants(token) if _tolerant(tokens) else {token} for token in tokens}
    # One indexed look-up tells which of the words and their variants occur anywhere: a query with a
    # word that occurs nowhere goes straight to the tolerant retry.
    known = set(SearchWord.objects.filter(word__in=set().union(*variants.values())).values_list("word", flat=True))
    attempts = []
    if all(token in known for token in tokens):
        attempts.append((False, [{token} for token in tokens]))
    if _tolerant(tokens):
        attempts.append((True, [variants[token] & known for token in tokens]))
    documents = provisions = []
    groups = []
    for approximate, groups in attempts:
        if not all(groups):
            continue
        documents = LegalDocument.objects.select_related("issuer")
        provisions = (
            Provision.objects.filter(version__is_current=True)
            .select_related("article__version__document", "version__document")
            # The stored vectors and preambles are long and not shown: do not load them.
            .defer("search_vector", "article__search_vector", "version__preamble", "article__version__preamble")
        )
        if document_ids is not None:  # a queryset of the filtered documents' ids
            documents = documents.filter(pk__in=document_ids)
            provisions = provisions.filter(version__document_id__in=document_ids)
        documents = _match(documents, groups)
        provisions = _match(provisions, groups)
        if documents or provisions:
            result.approximate = approximate
            break
    if not (documents or provisions):
        return result
    documents = _rerank(documents, tokens)[:MAX_RESULTS]
    provisions = _rerank(provisions, tokens)
    result.documents = documents
    result.articles = _articles_of(provisions)
    if result.approximate:
        tokens = [word for group in groups for word in group]
    for article in result.articles:
        article.highlighted_heading = highlight(article.heading, tokens)
        article.highlighted_text = highlight(article.matched_text, tokens)
    return result


def _articles_of(provisions):
    """One result per article, in the order of its best hit; hits outside any article stand for themselves."""
    articles, seen = [], set()
    for provision in provisions:
        article = provision.article or provision
        if article.pk in seen:
            continue
        seen.add(article.pk)
        article.matched_text = provision.text if provision.pk != article.pk else article.text
        article.matched_label = provision.label if provision.pk != article.pk else ""
        article.matched_anchor = provision.anchor
        articles.append(article)
        if len(articles) == MAX_RESULTS:
            break
    return articles


def highlight(text: str, tokens: list[str]) -> SafeString:
    """Escape `text` and wrap every whole word matching a token (ignoring case and diacritics) in <mark>."""
    if not text:
        return mark_safe("")  # noqa: S308 - empty  # nosec B308 B703
    folded = fold_aligned(text)
    wanted = set(tokens)
    pieces, cursor, index = [], 0, 0
    while index < len(folded):
        if folded[index] == " ":
            index += 1
            continue
        end = index
        while end < len(folded) and folded[end] != " ":
            end += 1
        if folded[index:end] in wanted:
            pieces.append(escape(text[cursor:index]))
            pieces.append(f"<mark>{escape(text[index:end])}</mark>")
            cursor = end
        index = end
    pieces.append(escape(text[cursor:]))
    return mark_safe("".join(pieces))  # noqa: S308 - every piece is escaped  # nosec B308 B703
