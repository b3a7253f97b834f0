"""One-off: extract the annex rows of the sources into CSV fixtures (paragraphs of a cell joined by a newline). Run from the repository root: python tests/annex/data/extract_from_sources.py."""

import csv
import html
import re
from pathlib import Path

SRC = Path("/work/shared/sources")
OUT = Path("src/chiso/annex/data/samples")


def cell(text):
    text = text.replace("$\\geq ", "≥ ").replace("\\%$", "%").replace("$", "")
    paras = re.sub(r"</?p>", "\n", text).split("\n")
    out = []
    for p in paras:
        p = re.sub(r"<[^>]+>", "", p)
        p = html.unescape(p).strip()
        p = re.sub(r"[ \u00a0]+", " ", p)
        if p:
            out.append(p)
    return "\n".join(out)


def tab_rows(lines, start, stop, header_first, width, skip=lambda c: False, numbered=True):
    rows = []
    repeat = False
    seen_header = False
    for n in range(start, stop):
        line = lines[n - 1]
        parts = line.split("\t")
        if parts[0].strip() == header_first:
            if seen_header:
                repeat = True
            seen_header = True
            continue
        if len(parts) < 2:
            continue
        if all(p.strip() in ("--", "") for p in parts):
            continue
        cells = [cell(p) for p in parts]
        if len(cells) < width or (numbered and len(cells[0]) > 12):
            # a broken line of the conversion: the continuation of the task cell of the row above
            rows[-1][3] = (rows[-1][3] + "\n" + cells[0]).strip()
            continue
        cells = cells[:width] + [""] * (width - len(cells))
        if skip(cells):
            continue
        rows.append([n, "1" if repeat else "", *cells])
        repeat = False
    return rows


def write(name, header, rows):
    with open(OUT / name, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(header)
        w.writerows(rows)
    print(name, len(rows))


sl = (SRC / "son-la-pii-improvement-plan-2026.txt").read_text(encoding="utf-8").splitlines()
end = next(i for i in range(137, len(sl)) if sl[i].startswith("52\t")) + 1
rows = tab_rows(sl, 137, end + 1, "STT", 8)
# 3.2.1: the conversion put the second block's lead (Sở KH&CN) into the coordinating column and the
# third block's text (Sở Xây dựng: transport) into the second block's cell; an office types them apart.
by_line = {r[0]: r for r in rows}
second, third = by_line[197], by_line[198]
cut = second[3].index("Tiếp tục tham mưu")
second[3], third[3] = second[3][:cut].strip(), second[3][cut:].strip()
second[7], second[8] = "Sở Khoa học và Công nghệ", second[8].replace("Sở Khoa học và Công nghệ ", "", 1)
write(
    "son_la_pii.csv",
    [
        "source_line",
        "repeat_header",
        "stt",
        "task",
        "score_2025",
        "rank_2025",
        "target_2026",
        "lead",
        "coordinating",
        "timing",
    ],
    rows,
)

r57 = (SRC / "son-la-resolution-57-st-innovation-digital-plan.txt").read_text(encoding="utf-8").splitlines()
i2 = next(i for i, line in enumerate(r57) if line.strip() == "Phụ lục II") + 1
rows = tab_rows(r57, 169, i2, "Chỉ tiêu", 9, lambda c: c[0] == "" and c[1] == "Mục tiêu", False)
write(
    "r57_kpi.csv",
    [
        "source_line",
        "repeat_header",
        "name",
        "target_2025",
        "result_2025",
        "target_2030",
        "target_2035",
        "target_2040",
        "target_2045",
        "lead",
        "coordinating",
    ],
    rows,
)

rows = tab_rows(r57, i2, len(r57) + 1, "TT", 10, lambda c: c[0] == "" and c[5] == "Năm 2025")
write(
    "r57_tasks.csv",
    [
        "source_line",
        "repeat_header",
        "tt",
        "name",
        "lead",
        "coordinating",
        "product",
        "year_2025",
        "phase_2025_2030",
        "phase_2030_2035",
        "phase_2035_2040",
        "phase_2040_2045",
    ],
    rows,
)

cb = (SRC / "cao-bang-pii-improvement-plan-2026-2030.txt").read_text(encoding="utf-8").splitlines()
start = next(i for i, line in enumerate(cb) if line.strip() == "Cơ quan phối hợp thực hiện") + 1
toks = [(i + 1, re.sub(r"\s+", " ", line).strip()) for i, line in enumerate(cb[start:], start)]
toks = [t for t in toks if t[1]]
NUM = re.compile(r"^(-?\d+([.,]\d+)*|n/a)$")
rows = []
i = 0
cur = None
while i < len(toks):
    n, t = toks[i]
    nxt = toks[i + 1][1] if i + 1 < len(toks) else ""
    if t.startswith("Ghi chú"):
        break
    if re.fullmatch(r"\d+", t) and nxt.startswith("Trụ cột"):
        cur = {"line": n, "stt": t, "code": "", "name": nxt, "nums": [], "ag": []}
        rows.append(cur)
        i += 2
        continue
    if re.fullmatch(r"\d+\.\d+", t) and nxt.startswith("Nhóm chỉ số"):
        cur = {"line": n, "stt": t, "code": "", "name": nxt, "nums": [], "ag": []}
        rows.append(cur)
        i += 2
        continue
    if re.fullmatch(r"\d+", t) and re.fullmatch(r"\d+\.\d+\.\d+", nxt):
        cur = {"line": n, "stt": t, "code": nxt, "name": toks[i + 2][1], "nums": [], "ag": []}
        rows.append(cur)
        i += 3
        continue
    if t.startswith("TỔNG KẾT QUẢ") or t.startswith("XẾP HẠNG"):
        cur = {"line": n, "stt": "", "code": "", "name": t, "nums": [], "ag": []}
        rows.append(cur)
        i += 1
        continue
    if NUM.match(t) or t.startswith("≥") or t.startswith("≤") or re.fullmatch(r"\d+/\d+", t):
        if cur["ag"]:
            raise SystemExit(f"number after agencies at {n}: {t}")
        cur["nums"].append(t)
    else:
        cur["ag"].append(t)
    i += 1
out = []
for r in rows:
    nums = r["nums"]
    if r["name"].startswith("XẾP HẠNG"):
        # ranks: 2023, 2024, target
        vals = ["", "", nums[0], "", "", nums[1], "", nums[2]]
    elif r["name"].startswith("TỔNG"):
        vals = ["", "", nums[0], "", "", nums[1], nums[2], ""]
    else:
        vals = nums + [""] * (8 - len(nums))
        if len(nums) > 8:
            raise SystemExit(f"too many numbers {r}")
    ag = r["ag"] + ["", ""]
    if len(r["ag"]) > 2:
        raise SystemExit(f"agencies {r}")
    out.append([r["line"], r["stt"], r["code"], r["name"], *vals, ag[0], ag[1]])
    if len(nums) not in (7, 8) and not r["name"].startswith(("TỔNG", "XẾP")):
        print("odd", r["line"], r["code"] or r["name"], nums)
write(
    "cao_bang.csv",
    [
        "source_line",
        "stt",
        "code",
        "name",
        "max_2023",
        "min_2023",
        "value_2023",
        "max_2024",
        "min_2024",
        "value_2024",
        "target_score",
        "target_rank",
        "lead",
        "coordinating",
    ],
    out,
)
