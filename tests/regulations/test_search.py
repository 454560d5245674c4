"""Search with and without diacritics, in any case; it runs on SQLite here and on PostgreSQL in CI."""

import pytest
from django.db import connection

from regulations.search import highlight, search
from tests.regulations.conftest import make_document

pytestmark = pytest.mark.django_db


def article_labels(result):
    return [article.label for article in result.articles]


@pytest.mark.parametrize(
    "query", ["kỷ luật hành chính", "ky luat hanh chinh", "KỶ LUẬT HÀNH CHÍNH", "Ky Luat Hanh Chinh"]
)
def test_diacritics_and_case_do_not_matter(code_of_conduct, query):
    result = search(query)
    assert not result.approximate
    assert "Điều 4" in article_labels(result)


def test_d_and_dj_are_alike(code_of_conduct):
    with_dj = article_labels(search("đeo thẻ"))
    assert with_dj and with_dj == article_labels(search("deo the"))


def test_a_hit_inside_a_clause_returns_its_article_once(code_of_conduct):
    result = search("4 xin 4 luôn")
    assert article_labels(result)[0] == "Điều 6"
    assert len(article_labels(result)) == len(set(article_labels(result)))
    first = result.articles[0]
    assert first.matched_anchor.startswith("dieu-6-khoan-")


def test_one_wrong_letter_is_forgiven_when_nothing_matches_exactly(code_of_conduct):
    # "ke luat" is how a hurried user types "kỷ luật": no exact match, so the search retries.
    result = search("ke luat")
    assert result.approximate
    assert "Điều 4" in article_labels(result)
    assert "<mark>" in str(result.articles[0].highlighted_text) + str(result.articles[0].highlighted_heading)


def test_documents_match_by_title_and_number(code_of_conduct):
    make_document("20/2019/QĐ-UBND", title="Quy chế văn hóa công vụ tỉnh Hà Tĩnh", text="", issuer="UBND tỉnh Hà Tĩnh")
    assert [d.reference for d in search("quy che van hoa").documents] == ["20/2019/QĐ-UBND"]
    assert [d.reference for d in search("20 2019").documents] == ["20/2019/QĐ-UBND"]


def test_only_current_versions_are_searched(code_of_conduct):
    from regulations import services
    from regulations.parsing import parse_legal_text

    services.version_publish(
        document=code_of_conduct, parsed=parse_legal_text("Chương I\nĐiều 1. Phạm vi\n1. Nội dung mới hoàn toàn.\n"),
        note="", user=None,
    )  # fmt: skip
    assert search("ky luat hanh chinh").articles == [] or search("ky luat hanh chinh").approximate
    assert article_labels(search("noi dung moi")) == ["Điều 1"]


def test_phrase_ranks_first(code_of_conduct):
    labels = article_labels(search("điện thoại"))
    assert labels[0] == "Điều 7", labels  # the article about telephone communication


def test_nothing_and_nonsense_are_handled(code_of_conduct):
    assert search("").articles == []
    assert search("   !!!  ").articles == []
    assert search("xyzqwv").articles == []
    assert search("a" * 5000).articles == []


def test_highlight_escapes_and_marks_whole_words():
    html = str(highlight("Cán bộ <script>alert(1)</script> KỶ LUẬT kỷ cương", ["ky", "luat"]))
    assert "&lt;script&gt;" in html and "<script>" not in html
    assert "<mark>KỶ</mark> <mark>LUẬT</mark>" in html and "<mark>kỷ</mark> cương" in html


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the GIN index exists on PostgreSQL")
def test_postgresql_uses_the_search_index(code_of_conduct):
    from django.contrib.postgres.search import SearchQuery

    from regulations.models import Provision

    queryset = Provision.objects.filter(search_vector=SearchQuery("ky & luat", config="simple", search_type="raw"))
    with connection.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off")
        plan = queryset.explain()
        cursor.execute("SET enable_seqscan = on")
    assert "regulations_provision_vector_gin" in plan
    assert Provision.objects.filter(search_vector__isnull=True).count() == 0, "every provision has its vector"
