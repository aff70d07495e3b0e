#!/bin/sh
# Every xlsx that dz run writes, read back with an independent reader
# (openpyxl): title row, frozen header, autofilter, the same cells as the
# county CSV beside it (packages: the county rows of their township), ID
# numbers stored as text with all 18 characters, the 问题排查整改台账
# prefilled with one row per finding, 整改时限 = run date + verify_days and
# 牵头单位 by the rule's source kind (SPEC §9) on every row, with source
# sections named unlike their kinds.  Packages hold xlsx only; every county
# CSV has its xlsx.
. "$(dirname "$0")/lib.sh"
DEMO="$TOP/fixtures/demo"
P=$(sed -n 's/^period *= *//p' "$DEMO/county.ini" | head -1)
# the demo config with Chinese source names (牵头单位 must follow the kind)
mkdir -p "$T/in"
cp "$DEMO"/*.csv "$DEMO"/*.gz "$T/in/"
sed -e 's/^\[source dibao\]/[source 低保名册]/' -e 's/^\[source med_enroll\]/[source 医保参保]/' \
    -e 's/^\[source med_claims\]/[source 医保结算]/' -e 's/^\[source employment\]/[source 人社就业]/' \
    -e 's/^\[source school\]/[source 学籍]/' -e 's/^\[source water\]/[source 饮水安全]/' \
    -e 's/^\[source death\]/[source 死亡火化]/' -e 's/^\[source tekun\]/[source 特困]/' \
    -e 's/^\[source relief\]/[source 临时救助]/' "$DEMO/county.ini" >"$T/in/county.ini"
check "the config names sources unlike their kinds" grep -q '^\[source 医保参保\]' "$T/in/county.ini"
INI="$T/in/county.ini"
"$DZ" run -q "$INI" --out "$T/o" --date 2026-11-05
check "demo run exits 0" test $? = 0
$PY - "$T/o/$P" 2026-11-20 "$INI" <<'PYEOF'
import configparser, csv, glob, os, re, sys
import openpyxl
root, deadline, ini = sys.argv[1], sys.argv[2], sys.argv[3]
def ok(c, what):
    print(("ok - " if c else "not ok - ") + what)
def csv_rows(p):
    with open(p, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    # undo the CSV-only formula neutralization
    return [[c[1:] if c[:2] in ("'=", "'+", "'-", "'@") else c for c in r] for r in rows]
def sheet_rows(ws):
    return [["" if v is None else v for v in r] for r in ws.iter_rows(values_only=True)]
# 牵头单位 by rule, written from SPEC §5 (each rule's department source) and
# §9 (医保 -> 县医保局, 民政 kinds -> 县民政局, 人社 -> 县人社局, 教育 -> 县教育局,
# 水利 -> 县水利局, survey and roster-only rules -> 乡镇人民政府)
UNIT = {"医保": "县医保局", "民政": "县民政局", "人社": "县人社局", "教育": "县教育局",
        "水利": "县水利局", "乡镇": "乡镇人民政府"}
RULE_DEPT = {"ZZ01": "医保", "ZZ02": "医保", "ZZ03": "民政", "ZZ04": "民政", "ZZ05": "民政",
             "ZZ06": "民政", "ZZ07": "民政", "ZZ08": "教育", "ZZ09": "教育", "ZZ10": "人社",
             "ZZ11": "人社", "ZZ13": "水利", "ZZ14": "乡镇", "ZZ15": "民政", "ZS01": "乡镇",
             "ZS02": "乡镇", "ZS03": "乡镇", "ZS04": "乡镇", "ZS05": "乡镇", "YJ01": "医保",
             "YJ02": "民政", "YJ03": "民政", "YJ04": "教育", "YJ05": "人社", "YJ06": "乡镇",
             "YJ07": "乡镇", "YJ08": "水利"}
KIND_DEPT = {"dibao": "民政", "tekun": "民政", "relief": "民政", "death": "民政",
             "med_enroll": "医保", "med_claims": "医保", "employment": "人社", "school": "教育",
             "water": "水利"}
cp = configparser.ConfigParser(interpolation=None, delimiters=("=",))
cp.optionxform = str
cp.read(ini, encoding="utf-8")
file_kind = {cp[s]["file"]: cp[s]["kind"] for s in cp.sections() if s.startswith("source")}
county = {}
for f in ("mismatches", "warnings", "checks"):
    county[f] = csv_rows(os.path.join(root, f + ".csv"))
idre = re.compile(r"^[0-9]{17}[0-9X]$")
books = sorted(glob.glob(os.path.join(root, "**", "*.xlsx"), recursive=True))
ok(len(books) >= 5 + 4 * 4, "found %d workbooks" % len(books))
for c in glob.glob(os.path.join(root, "*.csv")):
    ok(os.path.exists(c[:-4] + ".xlsx"), "%s has its xlsx beside it" % os.path.basename(c))
pk = glob.glob(os.path.join(root, "push", "*", "*"))
ok(pk and all(p.endswith(".xlsx") for p in pk), "packages hold xlsx only (%d files)" % len(pk))
units_seen = set()
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
        body = [[str(v) for v in r] for r in rows[1:]]
        if base in ("mismatches.xlsx", "warnings.xlsx", "checks.xlsx"):
            c = county[base[:-5]]
        else:
            town = os.path.basename(os.path.dirname(b))
            c = county["warnings" if base == "预警名单.xlsx" else "mismatches"]
            k = c[0].index("乡镇")
            c = [c[0]] + [r for r in c[1:] if r[k] == town]
        ok(body == c, "%s: header and every cell equal the county CSV's rows (%d rows)" % (name, len(c) - 1))
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
        town = os.path.basename(d)
        want = sum(1 for f in ("warnings", "mismatches", "checks") for r in county[f][1:]
                   if r[county[f][0].index("乡镇")] == town)
        hdr = rows[1]
        ok(hdr == ["序号", "线索编号", "状态", "规则编号", "乡镇", "行政村", "户编号", "姓名", "证件号码",
                   "对照排查内容排查出的具体问题", "核实结果", "核实日期", "核实人", "整改措施", "整改进展",
                   "整改时限", "整改结果", "牵头单位", "配合单位", "责任人", "备注"],
           "%s: the prescribed ledger columns (SPEC §9)" % name)
        c = {h: i for i, h in enumerate(hdr)}
        body = rows[2:]
        ok(len(body) == want, "%s: one row per finding (%d, want %d)" % (name, len(body), want))
        ok([r[0] for r in body] == list(range(1, len(body) + 1)), "%s: 序号 runs 1..n" % name)
        ok(all(r[c["整改时限"]] == deadline for r in body), "%s: 整改时限 = run date + 15 days" % name)
        ok(all(re.match(r"^(ZZ|ZS|YJ|LJ)[0-9]{2} ", r[c["对照排查内容排查出的具体问题"]]) for r in body), "%s: 具体问题 starts with the rule" % name)
        ok(all(r[c["对照排查内容排查出的具体问题"]].startswith(r[c["规则编号"]] + " ") and
               r[c["线索编号"]].startswith(r[c["规则编号"]] + "-") and r[c["状态"]] == "新增" for r in body),
           "%s: 线索编号, 状态 新增 and 规则编号 of the row's finding" % name)
        ok(all(r[c["乡镇"]] == town for r in body), "%s: 乡镇 is the package's township" % name)
        ok(all(all(r[c[h]] == "" for h in ("核实结果", "核实日期", "核实人", "整改措施", "整改进展", "整改结果", "责任人"))
               for r in body), "%s: columns left for the township are empty" % name)
        bad = []
        for r in body:
            rule = r[c["规则编号"]]
            if rule == "ZZ12":  # the kind of the source whose row differs (来源位置 in 备注)
                dept = KIND_DEPT.get(file_kind.get(str(r[c["备注"]]).rsplit(":", 1)[0]), "?")
            elif rule.startswith("LJ"):  # the roster against itself
                dept = "乡镇"
            else:
                dept = RULE_DEPT.get(rule, "?")
            units_seen.add(r[c["牵头单位"]])
            if r[c["牵头单位"]] != UNIT.get(dept):
                bad.append("%s %s" % (rule, r[c["牵头单位"]]))
        ok(not bad, "%s: 牵头单位 follows the rule's source kind on all %d rows %s" % (name, len(body), bad[:3]))
    elif base == "quality.xlsx":
        c = csv_rows(b[:-5] + ".csv")
        body = [[str(v) for v in r] for r in rows[1:]]
        ok(body == c, "%s: every cell equals quality.csv (%d rows)" % (name, len(c) - 1))
    elif base == "summary.xlsx":
        c = csv_rows(b[:-5] + ".csv")
        first = c[: c.index([])] if [] in c else c
        body = [[str(v) for v in r] for r in rows[1:]]
        ok(body == first, "%s: the rule table equals summary.csv's" % name)
        src = sheet_rows(wb.worksheets[1])
        ok(src[1][:3] == ["来源", "类型", "文件"], "%s: second sheet is the per-source account" % name)
ok(len(units_seen) >= 5, "the 台账 rows show %d different 牵头单位 (%s)" % (len(units_seen), "、".join(sorted(units_seen))))
PYEOF
