"""The parser on realistic Vietnamese legal text."""

import io

from docx import Document

from regulations.demo_content import CODE_OF_CONDUCT_TEXT, NORMS, PROVINCIAL_REGULATION_TEXT
from regulations.parsing import docx_to_text, parse_legal_text


def by_anchor(result):
    return {node.anchor: node for node in result.nodes()}


def test_code_of_conduct_parses_into_chapters_articles_clauses_points():
    result = parse_legal_text(CODE_OF_CONDUCT_TEXT)
    assert result.ok, result.errors
    assert [root.level for root in result.roots] == ["chapter"] * 3
    assert result.roots[0].number == "I" and result.roots[0].heading == "QUY ĐỊNH CHUNG"
    nodes = by_anchor(result)
    articles = [node for node in result.nodes() if node.level == "article"]
    assert [a.number for a in articles] == [str(n) for n in range(1, 17)]
    assert nodes["dieu-1"].heading == "Phạm vi điều chỉnh"
    assert result.preamble[0] == "QUY TẮC ỨNG XỬ"
    # Every norm of the demo catalogue cites a clause that exists.
    for _code, _group, _title, _citizen, _description, _severity, article, clause in NORMS:
        assert (f"dieu-{article}-khoan-{clause}" if clause else f"dieu-{article}") in nodes


def test_clauses_without_points_and_continuation_lines():
    text = """Chương I
QUY ĐỊNH CHUNG
Điều 1. Phạm vi
1. Quy tắc này áp dụng đối với cán bộ, công chức
tại các cơ quan thuộc thành phố.
2. Không áp dụng đối với lực lượng vũ trang.
Điều 2. Thời giờ làm việc
1. Đến cơ quan đúng giờ:
a) buổi sáng trước 7 giờ 30;
b) buổi chiều trước 13 giờ 30.
2. Không về sớm.
"""
    result = parse_legal_text(text)
    assert result.ok
    nodes = by_anchor(result)
    assert (
        nodes["dieu-1-khoan-1"].text == "Quy tắc này áp dụng đối với cán bộ, công chức tại các cơ quan thuộc thành phố."
    )
    assert nodes["dieu-1-khoan-2"].children == []
    assert [p.number for p in nodes["dieu-2-khoan-1"].children] == ["a", "b"]
    assert nodes["dieu-2-khoan-2"].text == "Không về sớm."


def test_odd_spacing_and_arabic_chapter_numbers():
    result = parse_legal_text(PROVINCIAL_REGULATION_TEXT)
    assert result.ok, result.errors
    nodes = by_anchor(result)
    assert result.roots[0].number == "1"
    assert nodes["dieu-3"].heading == "Trang phục"
    messy = "CHƯƠNG  II   NHỮNG QUY ĐỊNH CỤ THỂ\n  Điều   7 :   Ứng xử  \n 1 .  Lịch sự\n đ)  điểm đ\n"
    result = parse_legal_text(messy)
    assert result.ok, result.errors
    nodes = by_anchor(result)
    assert nodes["chuong-ii"].heading == "NHỮNG QUY ĐỊNH CỤ THỂ"
    assert nodes["dieu-7"].heading == "Ứng xử"
    assert nodes["dieu-7-khoan-1-diem-d"].number == "đ"


def test_parts_and_sections():
    text = "Phần thứ nhất\nNHỮNG QUY ĐỊNH CHUNG\nChương I\nQUY ĐỊNH CHUNG\nMục 1\nPHẠM VI\nĐiều 1. Phạm vi\n"
    result = parse_legal_text(text)
    assert result.ok, result.errors
    assert [node.anchor for node in result.nodes()] == [
        "phan-thu-nhat", "phan-thu-nhat-chuong-i", "phan-thu-nhat-chuong-i-muc-1", "dieu-1",
    ]  # fmt: skip
    assert by_anchor(result)["phan-thu-nhat-chuong-i-muc-1"].heading == "PHẠM VI"


def test_lines_that_cannot_be_placed_are_reported_with_their_numbers():
    text = "QUYẾT ĐỊNH\n1. Căn cứ Luật Cán bộ, công chức;\nChương I\nĐiều 1. Phạm vi\na) điểm trước khoản\nĐiều 1. Trùng số\nMục 2\n"
    result = parse_legal_text(text)
    assert not result.ok
    assert [(e.line, e.message) for e in result.errors] == [
        (2, "Khoản phải nằm trong một Điều."),
        (6, "Điều 1 đã có ở dòng 4."),
    ]
    assert parse_legal_text("Chương 1\nMục 1\nĐiều 1. x\n").ok
    assert [e.line for e in parse_legal_text("Mục 1\nĐiều 1. x\n").errors] == [1]


def test_text_without_structure_is_refused():
    result = parse_legal_text("Đây là một công văn thông thường.\nKhông có điều khoản nào.")
    assert not result.ok and result.errors[0].line == 0


def test_docx_paragraphs_become_lines():
    document = Document()
    for line in ["Chương I", "QUY ĐỊNH CHUNG", "Điều 1. Phạm vi điều chỉnh", "1. Áp dụng cho công chức."]:
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    result = parse_legal_text(docx_to_text(buffer.getvalue()))
    assert result.ok and by_anchor(result)["dieu-1-khoan-1"].text == "Áp dụng cho công chức."


def test_body_text_that_looks_like_a_heading_stays_text():
    text = "Mục lục\nCHƯƠNG I\nĐiều 1. Phạm vi\n1. Phạt tiền 1.000.000 đồng\nĐiều 5 Luật Cán bộ, công chức quy định\nMục vi phạm\n"
    result = parse_legal_text(text)
    assert result.ok, result.errors
    assert result.preamble == ["Mục lục"]
    assert [(n.level, n.number) for n in result.nodes()] == [("chapter", "I"), ("article", "1"), ("clause", "1")]
    assert by_anchor(result)["dieu-1-khoan-1"].text.endswith("quy định Mục vi phạm")


def test_too_long_numbers_and_titles_are_reported_not_cut():
    result = parse_legal_text("Chương I\nĐiều 1. " + "Tiêu đề rất dài " * 40 + "\nĐiều 123456789012345678901. X\n")
    assert [e.line for e in result.errors] == [2, 3]
