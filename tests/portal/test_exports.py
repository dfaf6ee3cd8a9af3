import io

from openpyxl import load_workbook

from core.exports import csv_text, xlsx_bytes


def test_text_that_looks_like_a_formula_stays_text():
    rows = [['=HYPERLINK("http://evil")', "+1", "正常标题", 3]]
    sheet = load_workbook(io.BytesIO(xlsx_bytes(["a", "b", "c", "d"], rows))).active
    values = [cell.value for cell in sheet[2]]
    assert values == ['\'=HYPERLINK("http://evil")', "'+1", "正常标题", 3]
    assert all(cell.data_type != "f" for cell in sheet[2])
    assert "'=HYPERLINK" in csv_text(["a"], [['=HYPERLINK("x")']])
