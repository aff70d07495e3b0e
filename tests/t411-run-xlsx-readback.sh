#!/bin/sh
# Every xlsx that dz run writes, read back with an independent reader
# (openpyxl): title row, frozen header, autofilter, the same cells as the
# CSV beside it, ID numbers stored as text with all 18 characters, the
# 问题排查整改台账 prefilled with one row per finding and 整改时限 = run date
# + verify_days.
. "$(dirname "$0")/lib.sh"
INI="$TOP/fixtures/demo/county.ini"
P=$(sed -n 's/^period *= *//p' "$INI" | head -1)
"$DZ" run -q "$INI" --out "$T/o" --date 2026-11-05
check "demo run exits 0" test $? = 0
$PY - "$T/o/$P" 2026-11-20 <<'PYEOF'
import csv, glob, os, re, sys
import openpyxl
root, deadline = sys.argv[1], sys.argv[2]
def ok(c, what):
    print(("ok - " if c else "not ok - ") + what)
def csv_rows(p):
    with open(p, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    # undo the CSV-only formula neutralization
    return [[c[1:] if c[:2] in ("'=", "'+", "'-", "'@") else c for c in r] for r in rows]
def sheet_rows(ws):
    return [["" if v is None else v for v in r] for r in ws.iter_rows(values_only=True)]
idre = re.compile(r"^[0-9]{17}[0-9X]$")
books = sorted(glob.glob(os.path.join(root, "**", "*.xlsx"), recursive=True))
ok(len(books) >= 4 + 4 * 4, "found %d workbooks" % len(books))
for b in books:
    name = os.path.relpath(b, root)
    wb = openpyxl.load_workbook(b)
    ws = wb.worksheets[0]
    rows = sheet_rows(ws)
    ok(ws.freeze_panes == "A3", "%s: header frozen below the title (%s)" % (name, ws.freeze_panes))
    ok(bool(ws.auto_filter.ref) and ws.auto_filter.ref.startswith("A2"), "%s: autofilter on the header (%s)" % (name, ws.auto_filter.ref))
    ok(isinstance(rows[0][0], str) and rows[0][0] != "", "%s: title row '%s'" % (name, rows[0][0]))
    base = os.path.basename(b)
    if base == "逻辑校验.xlsx":
        # a package's LJ rows: the county checks.csv rows of its township
        town = os.path.basename(os.path.dirname(b))
        c = csv_rows(os.path.join(root, "checks.csv"))
        mine = [c[0]] + [r for r in c[1:] if r[c[0].index("乡镇")] == town]
        body = [[str(v) for v in r] for r in rows[1:]]
        ok(body == mine, "%s: the county checks.csv rows of %s (%d rows)" % (name, town, len(mine) - 1))
        ok(rows[0][0].startswith(town), "%s: title names the township" % name)
    if base in ("mismatches.xlsx", "warnings.xlsx", "checks.xlsx", "预警名单.xlsx", "不符明细.xlsx"):
        c = csv_rows(b[:-5] + ".csv")
        body = [[str(v) for v in r] for r in rows[1:]]
        ok(body == c, "%s: header and every cell equal the CSV beside it (%d rows)" % (name, len(c) - 1))
        hdr = rows[1]
        k = hdr.index("证件号码")
        ids = [r[k] for r in rows[2:] if r[k] != ""]
        ok(all(isinstance(v, str) and idre.match(v) for v in ids),
           "%s: %d ID cells are 18-character text" % (name, len(ids)))
        if base in ("预警名单.xlsx", "不符明细.xlsx"):
            town = os.path.basename(os.path.dirname(b))
            ok(rows[0][0].startswith(town), "%s: title names the township" % name)
            ok(all(r[hdr.index("乡镇")] == town for r in rows[2:]), "%s: only its own township" % name)
    elif base == "问题排查整改台账.xlsx":
        d = os.path.dirname(b)
        want = len(csv_rows(os.path.join(d, "预警名单.csv"))) - 1 + len(csv_rows(os.path.join(d, "不符明细.csv"))) - 1
        want += len(sheet_rows(openpyxl.load_workbook(os.path.join(d, "逻辑校验.xlsx")).worksheets[0])) - 2
        hdr = rows[1]
        ok(hdr == ["序号", "对照排查内容排查出的具体问题", "整改措施", "整改进展", "整改时限", "整改结果", "牵头单位", "配合单位", "责任人", "备注"],
           "%s: the prescribed ledger columns" % name)
        body = rows[2:]
        ok(len(body) == want, "%s: one row per finding (%d, want %d)" % (name, len(body), want))
        ok([r[0] for r in body] == list(range(1, len(body) + 1)), "%s: 序号 runs 1..n" % name)
        ok(all(r[4] == deadline for r in body), "%s: 整改时限 = run date + 15 days" % name)
        ok(all(re.match(r"^(ZZ|ZS|YJ|LJ)[0-9]{2} ", r[1]) for r in body), "%s: 具体问题 starts with the rule" % name)
        ok(all(r[2] == "" and r[3] == "" and r[5] == "" and r[8] == "" for r in body), "%s: columns left for the township are empty" % name)
    elif base == "summary.xlsx":
        c = csv_rows(b[:-5] + ".csv")
        first = c[: c.index([])] if [] in c else c
        body = [[str(v) for v in r] for r in rows[1:]]
        ok(body == first, "%s: the rule table equals summary.csv's" % name)
        src = sheet_rows(wb.worksheets[1])
        ok(src[1][:3] == ["来源", "类型", "文件"], "%s: second sheet is the per-source account" % name)
PYEOF
