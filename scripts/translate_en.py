"""Fill the English catalogue (src/chiso/web/locale/en/LC_MESSAGES/django.po) from the table below,
after `chiso manage makemessages -l en --no-location --no-wrap`; then compile with compilemessages.
Keeps the translations in one reviewable place; fails on any untranslated message."""

from __future__ import annotations

import re
import sys
from pathlib import Path

EN = {
    "Giá trị thô của cả nước (34 tỉnh, một năm)": "National raw values (34 provinces, one year)",
    "Kết quả chính thức của tỉnh (bố cục Phụ lục Sơn La)": "The province's official results (Sơn La annex layout)",
    "Cao nhất, thấp nhất và giá trị của tỉnh, hai năm (bố cục Phụ lục Cao Bằng)": "National max, min and the province's value, two years (Cao Bằng annex layout)",
    "trang tính '%(s)s'": "sheet '%(s)s'",
    "dòng %(n)s": "row %(n)s",
    "cột %(c)s": "column %(c)s",
    "Loại dữ liệu": "Kind of data",
    "Bộ chỉ số": "Framework",
    "Năm": "Year",
    "Tệp CSV hoặc XLSX": "CSV or XLSX file",
    "Chỉ nhận tệp .csv hoặc .xlsx.": "Only .csv or .xlsx files are accepted.",
    "Tệp quá lớn (tối đa %(n)s MB).": "The file is too large (at most %(n)s MB).",
    "Tệp .xlsx không hợp lệ (không phải bảng tính Excel).": "Invalid .xlsx file (not an Excel workbook).",
    "Tệp .csv không phải văn bản.": "The .csv file is not text.",
    "Lần nhập này đã được xử lý.": "This import has already been handled.",
    "Nhập từ tệp %(f)s": "Imported from %(f)s",
    "Đã nhập: %(new)s mới, %(changed)s thay đổi, %(source)s chỉ đổi nguồn, %(unchanged)s không đổi.": "Imported: %(new)s new, %(changed)s changed, %(source)s source only, %(unchanged)s unchanged.",
    "tên": "name",
    "tiêu đề": "title",
    "bộ chỉ số": "framework",
    "mã": "code",
    "tên tiếng Anh": "English name",
    "mã cha": "parent code",
    "trọng số": "weight",
    "chiều": "direction",
    "đơn vị tính": "unit",
    "nguồn": "source",
    "chờ xác nhận": "awaiting confirmation",
    "đã nhập": "imported",
    "đã hủy": "discarded",
    "loại": "kind",
    "năm": "year",
    "tệp": "file",
    "chỉ số": "indicator",
    "giá trị": "value",
    "minh họa": "illustrative",
    "điểm": "score",
    "xếp hạng": "rank",
    "trên tổng số": "out of",
    "cao nhất": "max",
    "thấp nhất": "min",
    "trung bình": "mean",
    "chủ trì": "lead",
    "phối hợp": "coordinating",
    "vai trò": "role",
    "điểm số": "score",
    "như văn bản ghi": "as written",
    "tên ngắn": "short name",
    "đơn vị từ 2025": "unit from 2025",
    "tỉnh, thành phố": "province",
    "Sở": "Department",
    "Ban": "Board",
    "Chi nhánh ngân hàng": "Bank branch",
    "Thống kê": "Statistics office",
    "UBND xã, phường": "Commune",
    "Hiệp hội": "Association",
    "Tòa án": "Court",
    "Công an": "Police",
    "Văn phòng": "Office",
    "Khác": "Other",
    "tỉnh": "province",
    "tên đầy đủ": "full name",
    "cơ quan, đơn vị": "agency",
    "Quản trị hệ thống": "Administrator",
    "Sở KH&CN (điều phối)": "DOST (coordinator)",
    "Cán bộ đầu mối": "Focal point",
    "Lãnh đạo (chỉ xem)": "Leader (read only)",
    "đơn vị": "agency",
    "hồ sơ người dùng": "user profile",
    "Không có quyền truy cập": "Access denied",
    "Tài khoản của bạn không được xem hoặc thay đổi nội dung này.": "Your account may not see or change this.",
    "Về trang của bạn": "Back to your page",
    "Không tìm thấy": "Not found",
    "Chỉ số đổi mới sáng tạo cấp địa phương": "Provincial Innovation Index",
    "Tổng quan": "Overview",
    "Chỉ số thành phần": "Indicators",
    "Nhập dữ liệu": "Import data",
    "Quản trị": "Administration",
    "Đăng xuất": "Log out",
    "Xem trước": "Preview",
    "Mới": "New",
    "Thay đổi": "Changed",
    "Chỉ đổi nguồn": "Source only",
    "Không đổi": "Unchanged",
    "Lý do": "Reason",
    "Ví dụ: kết quả PII 2025 do Bộ KH&CN công bố": "e.g. PII 2025 results published by MOST",
    "Xác nhận nhập": "Confirm import",
    "Hủy": "Discard",
    "Trạng thái": "Status",
    "Loại": "Kind",
    "Khóa": "Key",
    "Trước": "Before",
    "Sau": "After",
    "mới": "new",
    "chỉ đổi nguồn": "source only",
    "thay đổi": "changed",
    "Không có dòng mới hoặc thay đổi.": "No new or changed rows.",
    "Không nhập được, chưa ghi gì vào hệ thống.": "Could not import; nothing was written.",
    "Sau khi tải lên, bạn sẽ xem trước các dòng mới, thay đổi và không đổi rồi mới xác nhận.": "After the upload you see the new, changed and unchanged rows before you confirm.",
    "Vì lý do an toàn, trình duyệt không giữ lại tệp đã chọn: hãy chọn lại tệp sau khi sửa.": "For safety the browser does not keep the chosen file: choose it again after fixing it.",
    "Tải lên và xem trước": "Upload and preview",
    "Mẫu tệp": "Templates",
    "Các lần nhập gần đây": "Recent imports",
    "Thời điểm": "When",
    "Tệp": "File",
    "Người nhập": "Imported by",
    "Đăng nhập": "Log in",
    "Tên đăng nhập hoặc mật khẩu không đúng.": "Wrong username or password.",
    "Tên đăng nhập": "Username",
    "Mật khẩu": "Password",
    "Xem": "Show",
    "Dữ liệu minh họa: giá trị thô của các tỉnh khác là số liệu tạo ra để minh họa, không phải số liệu chính thức.": "Illustrative data: the other provinces' raw values are generated for illustration, not official figures.",
    "Lịch sử dữ liệu": "Data history",
    "Đơn vị tính": "Unit",
    "Nguồn": "Source",
    "Người thay đổi": "Changed by",
    "Chưa có thay đổi nào được ghi nhận.": "No change recorded yet.",
    "Chỉ hiển thị các chỉ số được giao cho đơn vị của bạn.": "Only the indicators assigned to your agency are shown.",
    "Các chỉ số thành phần": "Indicators",
    "Mã": "Code",
    "Chỉ số": "Indicator",
    "Giá trị thô": "Raw value",
    "Điểm chính thức": "Official score",
    "Hạng chính thức": "Official rank",
    "Điểm tính toán": "Computed score",
    "Hạng tính toán": "Computed rank",
    "TB cả nước": "National mean",
    "Mục tiêu": "Target",
    "Chủ trì": "Lead",
    "Lịch sử": "History",
    "Không có chỉ số nào.": "No indicators.",
    "Tổng quan PII": "PII overview",
    "Chưa có dữ liệu. Hãy nhập dữ liệu.": "No data yet. Import some.",
    "Chỉ số PII": "PII",
    "Chỉ số phụ đầu vào": "Input sub-index",
    "Chỉ số phụ đầu ra": "Output sub-index",
    "Chính thức (Bộ KH&CN công bố)": "Official (published by MOST)",
    "hạng": "rank",
    "chưa có số liệu chính thức": "no official figure yet",
    "Tính toán bởi chiso": "Computed by chiso",
    "Hiệu quả (đầu ra / đầu vào)": "Efficiency (output / input)",
    "Bảy trụ cột": "The seven pillars",
    "Điểm và hạng của bảy trụ cột": "Scores and ranks of the seven pillars",
    "Trụ cột": "Pillar",
    "Trung bình cả nước": "National mean",
    "Mục tiêu hạng năm sau": "Next year's rank target",
    "Số chính thức và số tính toán luôn tách riêng: số tính toán dùng phương pháp GII trên giá trị thô đã lưu.": "Official and computed figures are always kept apart: computed figures apply the GII method to the stored raw values.",
}


def main(path: str = "src/chiso/web/locale/en/LC_MESSAGES/django.po") -> int:
    po = Path(path)
    text = po.read_text(encoding="utf-8")
    missing = []

    def fill(m: re.Match) -> str:
        msgid = m.group(1).encode().decode("unicode_escape").encode("latin-1").decode("utf-8")
        if msgid not in EN:
            missing.append(msgid)
            return m.group(0)
        return f'msgid "{m.group(1)}"\nmsgstr "{EN[msgid]}"'

    text = re.sub(r'msgid "(.+)"\nmsgstr ""', fill, text)
    text = text.replace(
        '"Content-Type: text/plain; charset=CHARSET\\n"', '"Content-Type: text/plain; charset=UTF-8\\n"'
    )
    text = text.replace('#, fuzzy\nmsgid ""\n', 'msgid ""\n', 1)  # the header is reviewed
    po.write_text(text, encoding="utf-8")
    for m in missing:
        print(f"untranslated: {m}", file=sys.stderr)
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
