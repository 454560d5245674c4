"""Server-drawn charts: well-formed SVG with the bars, points and target line; a real PNG of the same chart."""

import io
import xml.etree.ElementTree as ET

from PIL import Image

from culture_portal.leadership.charts import chart_png, chart_svg
from culture_portal.leadership.figures import Chart

SVG = "{http://www.w3.org/2000/svg}"


def parse(markup: str) -> ET.Element:
    root = ET.fromstring(markup)  # noqa: S314 - our own markup  # nosec B314
    assert root.tag == f"{SVG}svg"
    return root


def of_class(root, name):
    return [element for element in root.iter() if element.get("class") == name]


def test_horizontal_bars_with_a_target_line():
    chart = Chart(
        key="satisfaction", title="Hài lòng & rất hài lòng <%>", kind="hbar",
        categories=["Phòng Nội vụ", "UBND phường Bắc Hà", "Quầy 3"], series=[("Tỷ lệ", [70.0, None, 95.5])],
        target=90.0, unit="%",
    )  # fmt: skip
    root = parse(chart_svg(chart))
    assert root.find(f"{SVG}title").text == "Hài lòng & rất hài lòng <%>"
    assert root.get("role") == "img"
    bars = of_class(root, "bar")
    assert len(bars) == 2, "a unit without a value gets no bar"
    assert float(bars[1].get("width")) > float(bars[0].get("width"))
    (target,) = of_class(root, "target")
    assert target.get("x1") == target.get("x2"), "a vertical line across the bars"
    texts = " ".join(element.text or "" for element in root.iter(f"{SVG}text"))
    assert "Phòng Nội vụ" in texts and "90" in texts


def test_lines_have_one_point_per_value_and_a_horizontal_target():
    chart = Chart(
        key="trends", title="Xu hướng", kind="line", categories=["01/2026", "02/2026", "03/2026"],
        series=[("Vi phạm", [4, 0, 1]), ("Phản ánh", [2, 2, 1])], target=3,
    )  # fmt: skip
    root = parse(chart_svg(chart))
    assert len(of_class(root, "point")) == 6
    assert len(root.findall(f"{SVG}polyline")) == 2
    (target,) = of_class(root, "target")
    assert target.get("y1") == target.get("y2")
    # Series differ by shape too: a circle for the first, a square for the second.
    assert {element.tag for element in of_class(root, "point")} == {f"{SVG}circle", f"{SVG}rect"}


def test_vertical_bars_and_an_empty_chart():
    chart = Chart(key="inspections", title="Kiểm tra", kind="bar", categories=["A", "B"], series=[("n", [3, 5])])
    root = parse(chart_svg(chart))
    assert len(of_class(root, "bar")) == 2 and of_class(root, "target") == []
    empty = parse(chart_svg(Chart(key="x", title="Trống", kind="hbar", categories=[], series=[("n", [])])))
    assert of_class(empty, "bar") == []


def test_nothing_external_or_scripted():
    markup = chart_svg(Chart(key="k", title="t", kind="bar", categories=["a"], series=[("s", [1])], target=1))
    assert "<script" not in markup and "href" not in markup and "<style" not in markup and "style=" not in markup


def test_png_is_a_real_png_of_the_chart():
    chart = Chart(key="k", title="Biểu đồ", kind="hbar", categories=["Đơn vị A"], series=[("s", [42])], target=50)
    data = chart_png(chart)
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    image = Image.open(io.BytesIO(data))
    width, height = image.size
    assert width >= 720 and height > 50
