"""Vietnamese wording of the core's input errors, for the pages. The core writes its messages in
English (it is a library and a CLI); the interface shows them in Vietnamese when that is the
language in use. Messages without a rule here are shown as the core wrote them."""

from __future__ import annotations

import re

RULES: list[tuple[re.Pattern[str], str]] = [
    (re.compile(p), vi)
    for p, vi in [
        (r"^(?P<v>'.*') is not a number$", "{v} không phải là số"),
        (
            r"^(?P<v>'.*') is ambiguous: .*$",
            "{v} không rõ nghĩa: theo cách viết Việt Nam 1.234 là một nghìn hai trăm "
            "ba mươi tư, theo cách viết Anh là 1,234; hãy viết 1234, hoặc 1,234 nếu là số thập phân",
        ),
        (r"^(?P<v>'.*') has a percent sign.*$", "{v} có dấu %: chỉ ghi số (đơn vị tính thuộc về chỉ số)"),
        (r"^empty column heading$", "tiêu đề cột để trống"),
        (r"^empty (?P<what>.+)$", "ô {what} để trống"),
        (r"^(?P<c>'.*') is not a code of (framework )?(?P<f>\S+)$", "{c} không phải là mã trong bộ chỉ số {f}"),
        (
            r"^(?P<c>'.*') is an? \w+, not an indicator.*$",
            "{c} là mã nhóm hoặc trụ cột: chỉ nhập giá trị của chỉ số thành phần",
        ),
        (r"^unit (?P<u>'.*') appears again \(first in row (?P<r>\d+)\)$", "đơn vị {u} lặp lại (lần đầu ở dòng {r})"),
        (r"^(?P<x>.+) appears again \(first in row (?P<r>\d+)\)$", "{x} lặp lại (lần đầu ở dòng {r})"),
        (r"^column heading (?P<c>'.*') appears twice$", "tiêu đề cột {c} lặp lại"),
        (r"^year (?P<y>.+) in an import for (?P<n>\d+)$", "năm {y} trong lần nhập cho năm {n}"),
        (
            r"^year must be a whole number such as 2025, not (?P<v>.+)$",
            "năm phải là số nguyên như 2025, không phải {v}",
        ),
        (
            r"^(?P<u>'.*') is not an official province in (?P<y>\d+) .*$",
            "{u} không phải tỉnh, thành phố chính thức năm {y} (hãy ghi tên hoặc mã hai chữ số)",
        ),
        (r"^units (?P<a>'.*') and (?P<b>'.*') are both (?P<p>.+)$", "{a} và {b} cùng là {p}"),
        (r"^the sheet is empty: no heading row$", "trang tính trống: không có dòng tiêu đề"),
        (r"^no data rows.*$", "không có dòng dữ liệu"),
        (r"^unknown column (?P<c>'[^']*').*$", "cột {c} không có trong mẫu"),
        (
            r"^cannot tell the layout.*$",
            "không nhận ra bố cục: bảng dạng rộng có cột 'unit' và mỗi chỉ số một cột; "
            "bảng dạng dài có các cột year, unit, indicator, value",
        ),
        (r"^no 'unit' column.*$", "thiếu cột 'unit': xem tệp mẫu"),
        (r"^no 'code' column.*$", "thiếu cột 'code': xem tệp mẫu"),
        (r"^missing column\(s\):? (?P<c>[^;]+).*$", "thiếu cột {c}"),
        (r"^the file is not UTF-8 text.*$", "tệp không phải văn bản UTF-8 (hãy lưu dạng 'CSV UTF-8' hoặc .xlsx)"),
        (r"^not a readable \.xlsx workbook.*$", "không đọc được tệp .xlsx"),
        (r"^value in a column without heading$", "có giá trị ở cột không có tiêu đề"),
        (r"^a score is between 0 and 100, not (?P<v>.+)$", "điểm số phải từ 0 đến 100, không phải {v}"),
        (r"^a rank is a whole number from 1, not (?P<v>.+)$", "xếp hạng phải là số nguyên từ 1, không phải {v}"),
        (
            r"^a target rank is a whole number from 1, not (?P<v>.+)$",
            "mục tiêu xếp hạng phải là số nguyên từ 1, không phải {v}",
        ),
        (r"^cycle: (?P<p>.+)$", "vòng lặp cha – con: {p}"),
        (
            r"^parent (?P<p>'.*') of (?P<c>'.*') is not a code of this framework$",
            "mã cha {p} của {c} không có trong bộ chỉ số",
        ),
        (r"^code (?P<c>'.*') already defined in row (?P<r>\d+)$", "mã {c} đã có ở dòng {r}"),
        (r"^second root (?P<c>'.*'): .*$", "gốc thứ hai {c}: chỉ một nút được để trống mã cha"),
        (r"^no root.*$", "không có gốc: đúng một nút phải để trống mã cha"),
        (r"^direction must be 1 or -1, not (?P<v>.+)$", "chiều phải là 1 hoặc -1, không phải {v}"),
        (r"^weight must be a number >= 0, not (?P<v>.+)$", "trọng số phải là số ≥ 0, không phải {v}"),
        (r"^file not found$", "không tìm thấy tệp"),
        (r"^target (?P<t>'.*'): a rank is a whole number from 1$", "mục tiêu {t}: hạng phải là số nguyên từ 1"),
        (r"^cannot read target (?P<t>'.*'): .*$", "không đọc được mục tiêu {t}"),
        (r"^unsupported file type (?P<s>\S+): .*$", "không nhận loại tệp {s}: dùng .csv hoặc .xlsx"),
    ]
]


class _VietnameseNumbers(str):
    """A template whose groups named ``n…`` hold numbers written the English way (100,000; 1.5):
    shown the Vietnamese way (100.000; 1,5)."""

    def format(self, *args: object, **groups: str) -> str:
        swap = str.maketrans({",": ".", ".": ","})
        return str.format(self, *args, **{k: v.translate(swap) if k.startswith("n") else v for k, v in groups.items()})


# --- readers (malformed CSV, XLSX limits and formulas, values out of range, framework limits)
RULES += [
    (re.compile(p), _VietnameseNumbers(vi))
    for p, vi in [
        (
            r"^malformed CSV: the quote that opens this cell closes (?P<n>\d+) line\(s\) later.*$",
            "CSV sai định dạng: dấu ngoặc kép mở ô này chỉ đóng lại sau {n} dòng, nên các dòng ở giữa bị đọc "
            'thành một ô; hãy xoá dấu ngoặc kép thừa (hoặc đóng lại: "…")',
        ),
        (
            r"^malformed CSV \(.*\): a quote opened in this row or above is not closed properly$",
            "CSV sai định dạng: có dấu ngoặc kép mở ở dòng này hoặc phía trên không được đóng đúng cách",
        ),
        (
            r"^this row has (?P<n1>\d+) cell\(s\) and the heading row (?P<n2>\d+).*$",
            "dòng này có {n1} ô, dòng tiêu đề có {n2} ô: hãy kiểm tra dấu ngoặc kép và dấu phân cách của dòng này",
        ),
        (r"^too many rows: the limit is (?P<n>[\d,]+)$", "quá nhiều dòng: tối đa {n} dòng"),
        (r"^too many cells: the limit is (?P<n>[\d,]+)$", "quá nhiều ô: tối đa {n} ô"),
        (r"^too many columns: the limit is (?P<n>[\d,]+)$", "quá nhiều cột: tối đa {n} cột"),
        (r"^too many shared strings: the limit is (?P<n>[\d,]+)$", "quá nhiều chuỗi văn bản: tối đa {n}"),
        (r"^too many merged ranges: the limit is (?P<n>[\d,]+)$", "quá nhiều vùng ô gộp: tối đa {n}"),
        (
            r"^the workbook part (?P<p>\S+) is compressed .* refused as a possible zip bomb$",
            "phần {p} của bảng tính bị nén quá mức (có thể là tệp 'bom nén'): không nhận",
        ),
        (
            r"^the workbook part (?P<p>\S+) is (?P<n1>[\d,.]+) MB uncompressed: the limit is (?P<n2>\d+) MB$",
            "phần {p} của bảng tính giải nén ra {n1} MB: tối đa {n2} MB",
        ),
        (
            r"^the workbook part (?P<p>\S+) is larger than (?P<n>\d+) MB uncompressed$",
            "phần {p} của bảng tính giải nén ra hơn {n} MB: không nhận",
        ),
        (
            r"^formula without a computed value.*$",
            "công thức chưa có giá trị tính sẵn: hãy mở tệp bằng Excel hoặc LibreOffice để tính rồi lưu lại "
            "(hoặc nhập trực tiếp giá trị)",
        ),
        (r"^broken workbook.*$", "bảng tính bị hỏng"),
        (r"^no sheet named (?P<s>'.*') \(sheets: (?P<l>.*)\)$", "không có trang tính {s} (các trang: {l})"),
        (r"^this is a folder, not a file$", "đây là thư mục, không phải tệp"),
        (
            r"^(?P<v>'.*') is not a number: leave the cell empty for a missing value$",
            "{v} không phải là số: để trống ô nếu thiếu giá trị",
        ),
        (
            r"^(?P<v>.+) is out of range: numbers are accepted up to 10\^12 in magnitude(?P<w>.*)$",
            "{v} vượt quá giới hạn: chỉ nhận số có giá trị tuyệt đối không quá 10^12",
        ),
        (
            r"^code (?P<c>'.*') differs from (?P<o>'.*') \(row (?P<r>\d+)\) only by case or spaces.*$",
            "mã {c} chỉ khác mã {o} (dòng {r}) ở chữ hoa, chữ thường hoặc dấu cách: các mã phải khác nhau thật sự",
        ),
        (
            r"^(?P<c>'.*') is (?P<n1>\d+) levels below the root: the limit is (?P<n2>\d+)$",
            "{c} nằm sâu {n1} cấp dưới gốc: tối đa {n2} cấp",
        ),
        (
            r"^the framework has (?P<n1>[\d,]+) nodes: the limit is (?P<n2>[\d,]+)$",
            "bộ chỉ số có {n1} nút: tối đa {n2} nút",
        ),
        (
            r"^(?P<f>.+), sheet (?P<s>'.*'): cells (?P<r>\S+) are merged; only (?P<a>\S+) holds a value.*$",
            "{f}, trang tính {s}: các ô {r} được gộp; chỉ ô {a} có giá trị, các ô còn lại được đọc là trống",
        ),
    ]
]


def vietnamese(message: str) -> str:
    for pattern, template in RULES:
        m = pattern.match(message)
        if m:
            return template.format(**m.groupdict())
    return message
