#!/usr/bin/python3
"""demo2native.py - render the demo county's CSV exports (fixtures/demo) as
the xlsx workbooks and XML files departments actually send, with writers
independent of dz (openpyxl, xml.etree), for tests/t405-demo-xlsx-xml.sh.

usage: /usr/bin/python3 tests/demo2native.py DEMO_DIR OUT_DIR

Writes into OUT_DIR:
  roster.dat          xlsx (no extension): the national system's member export,
                      two merged title rows above the header, shared strings
  household.xlsx      xlsx: yes/no columns holding only 是/否 as boolean cells
  dibao.xlsx          xlsx: a visible notes sheet first, the data on sheet 低保
                      (the config must say `sheet = 低保`), title row merged;
                      one planted extra row whose ID is stored as a number
  tekun.xlsx, med_enroll.xlsx, employment.xlsx, school.xlsx, survey.xlsx
  med_claims.xlsx.gz  gzip'd xlsx; settlement times as datetime cells
  death.xml           XML, one child element per field, UTF-8
  relief.dat          XML (no extension), one attribute per field, declared
                      and encoded GBK
  water.xml.gz        gzip'd XML, the records one level deeper
                      (<导出><表头/><数据><行>…</行>…</数据></导出>)
  rowmap.tsv          kind, CSV row, rendered row ("-" when not rendered)
  planted.tsv         kind, rendered row, code: findings the planted rows add

In xlsx renderings every CSV record sits on the sheet row equal to the CSV
line it starts on (title rows, blank lines and skipped rows keep their
place), so sheet row numbers equal CSV row numbers; in XML the row number is
the record's ordinal, given by rowmap.tsv.

Cell types: ID columns (证件号码, 户编号 ...) and everything else are text
cells; date columns holding a valid date (2024-06-30, 2024/6/30, 2024.6.30,
20240630, 2024年6月30日, YYYYMM, with a time of day) become real Excel
date/datetime cells; amount, count and year columns holding a plain number
(optionally with thousands separators or 元) become numeric cells.  Values
that are not valid (the demo's planted DQ11 cases, e.g. 2026-10-32, 伍佰元)
stay text, so they stay DQ11.  A CSV cell ="410221198407300490" (exporters
write IDs so, to keep Excel from making numbers of them) becomes what Excel
saves for it: a formula with its cached text value.

Rows that cannot be rendered faithfully:
  - DQ08 rows (wrong field count, a quoted field left open at the end of the
    file) have no cell structure a spreadsheet or XML export could carry:
    they are skipped (rowmap "-").  dz rejects them in the CSV run, so no
    finding depends on them.
  - DQ09 rows (bytes invalid in the file's encoding) cannot exist in xlsx or
    XML, which are Unicode by construction.  dz *uses* such rows with each bad
    byte replaced by U+FFFD, and rules depend on them (an employment row's
    status), so skipping them would change the findings; they are rendered
    with U+FFFD in place of each bad byte - exactly the values the CSV run
    used - and only their DQ09 disappears.
"""
import csv
import datetime
import gzip
import io
import os
import re
import sys
import xml.etree.ElementTree as ET

import openpyxl
from openpyxl.utils import get_column_letter

sys.dont_write_bytecode = True   # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from mkxlsx import patch as shared_strings_patch  # noqa: E402

DATE_FIELDS = set("保障开始日期 批准日期 认定日期 救助日期 死亡日期 火化日期 注销日期 结算日期 "
                  "结算时间 出院日期 登记日期 检测日期 核查日期 识别监测时间 纳入监测时间".split())
NUM_FIELDS = set("月保障金 保障金额 救助金额 医疗费总额 医疗总费用 个人负担 个人自付 个人支付金额 "
                 "个人现金支付 人均纯收入 家庭人均纯收入 上年人均纯收入 上年家庭人均纯收入 "
                 "核实人均纯收入 核实家庭人口数 参保年度".split())
YESNO_FIELDS = set("是否整户无劳动能力 是否危房户 饮水是否安全".split())
TEXT_ENC = {"dibao.csv": "gb18030", "tekun.csv": "gb18030"}


def base(h):
    """Header without a bracketed unit suffix: 月保障金（元） -> 月保障金."""
    return re.sub(r"[（(][^（）()]*[）)]$", "", h.strip())


def read_csv(path):
    """[(line the record starts on, cells)], the header's index, and the
    line numbers of malformed records (DQ08)."""
    raw = open(path, "rb").read()
    if path.endswith(".gz"):
        raw = gzip.decompress(raw)
    name = os.path.basename(path)
    # errors="replace": one U+FFFD per invalid byte, as dz does (DQ09 rows)
    text = raw.decode(TEXT_ENC.get(name, "utf-8-sig"), errors="replace")
    rd = csv.reader(io.StringIO(text, newline=""), strict=True)
    recs, bad, prev = [], set(), 0
    while True:
        start = prev + 1
        try:
            rec = next(rd)
        except StopIteration:
            break
        except csv.Error:          # quoted field open at the end of the file
            bad.add(start)
            recs.append((start, None))
            break
        prev = rd.line_num
        recs.append((start, rec))
    # the header: the first record with 3+ cells, all non-empty (rows above
    # it are titles)
    hi = next(i for i, (_, r) in enumerate(recs) if r and len(r) >= 3 and all(c.strip() for c in r))
    width = len(recs[hi][1])
    for line, r in recs[hi + 1:]:
        if r is not None and r and len(r) != width:
            bad.add(line)
    return recs, hi, bad


def parse_date(v):
    """A datetime/date for a valid date string of the demo's forms, else None."""
    v = v.strip()
    pats = [(r"(\d{4})-(\d{2})-(\d{2})", 3), (r"(\d{4})/(\d{1,2})/(\d{1,2})", 3),
            (r"(\d{4})\.(\d{1,2})\.(\d{1,2})", 3), (r"(\d{4})(\d{2})(\d{2})", 3),
            (r"(\d{4})年(\d{1,2})月(\d{1,2})日", 3), (r"(\d{4})(\d{2})", 2)]
    m = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})", v)
    try:
        if m:
            return datetime.datetime(*map(int, m.groups()))
        for p, n in pats:
            m = re.fullmatch(p, v)
            if m:
                g = list(map(int, m.groups())) + ([1] if n == 2 else [])
                return datetime.date(*g)
    except ValueError:             # 2026-10-32, 2026年13月1日: stays text (DQ11)
        return None
    return None


def parse_num(v):
    m = re.fullmatch(r"(-?)([0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(\.[0-9]+)?元?", v.strip())
    if not m:
        return None
    s = m.group(1) + m.group(2).replace(",", "") + (m.group(3) or "")
    return float(s) if m.group(3) else int(s)


def cell_value(b, v, bools):
    """The typed value for an xlsx cell in the column whose base header is b."""
    if v == "":
        return None
    if b in DATE_FIELDS:
        d = parse_date(v)
        return d if d is not None else v
    if b in NUM_FIELDS:
        n = parse_num(v)
        return n if n is not None else v
    if bools and b in YESNO_FIELDS and v in ("是", "否"):
        return v == "是"
    return v                       # IDs, household IDs, names, vocabularies: text


def excel_formula(v, ref):
    """A CSV cell ="410221198407300490" (the exporter's trick to keep Excel
    from turning an ID into a number) is, in a workbook Excel saved, a
    formula whose cached value is the text: (ref, the <c> element) for
    mkxlsx.patch (openpyxl writes the formula without a cached value, which
    a reader must take as empty)."""
    m = re.fullmatch(r'="([^"<&]*)"', v)
    if not m:
        sys.exit("demo2native: cannot render the formula %r (cell %s)" % (v, ref))
    return (ref, '<c r="%s" t="str"><f>"%s"</f><v>%s</v></c>' % (ref, m.group(1), m.group(1)))


def write_xlsx(src, dst, kind, rowmap, sheet="Sheet1", notes=None, bools=False,
               shared=False, plant_numeric_id=None, planted=None, gz=False):
    recs, hi, bad = read_csv(src)
    header = recs[hi][1]
    width = len(header)
    conv = [(lambda v, h=h: cell_value(h, v, bools)) for h in map(base, header)]
    wb = openpyxl.Workbook(write_only=True)   # streams rows: fast enough for a test
    if notes:
        ws = wb.create_sheet("说明")
        for line in notes:
            ws.append([line])
    ws = wb.create_sheet(sheet)
    row = 0
    formulas = []

    def put(line, cells):          # the record at its CSV line: blank rows before it
        nonlocal row
        while row + 1 < line:
            ws.append([])
            row += 1
        ws.append(cells)
        row += 1

    for i, (line, r) in enumerate(recs):
        if r is None or line in bad:
            rowmap.append((kind, line, "-"))
        elif i < hi:               # title rows: one merged cell across the table
            put(line, ["\u3000\u3000".join(c for c in r if c.strip())])
            ws.merged_cells.add("A%d:%s%d" % (line, get_column_letter(width), line))
        elif i == hi:
            put(line, header)
        elif r:                    # (a blank line stays an empty sheet row)
            rowmap.append((kind, line, line))
            cells = [f(v) for f, v in zip(conv, r)]
            for j, v in enumerate(cells):
                if isinstance(v, str) and v.startswith("="):
                    formulas.append(excel_formula(v, "%s%d" % (get_column_letter(j + 1), line)))
            put(line, cells)
    if plant_numeric_id:
        # an extra record whose ID is a number cell (how Excel stores a pasted
        # ID): a copy of a used record, rejected as DQ05 by design
        idcol = header.index(plant_numeric_id)
        r = next(r for ln, r in recs[hi + 1:] if r and ln not in bad and r[idcol].isdigit())
        cells = [f(v) for f, v in zip(conv, r)]
        cells[idcol] = int(r[idcol])
        put(row + 1, cells)
        planted.append((kind, row, "DQ05"))
    path = dst + ".tmp.xlsx"
    wb.save(path)
    if shared or formulas:
        shared_strings_patch(path, "xl/worksheets/sheet%d.xml" % (2 if notes else 1), shared, False,
                             formulas)
    with open(path, "rb") as f:
        data = f.read()
    os.unlink(path)
    with open(dst, "wb") as f:
        f.write(gzip.compress(data, mtime=0) if gz else data)


def xml_name(h):
    """An XML element/attribute name for a CSV header: the unit suffix goes
    (救助金额(元) -> 救助金额; dz ignores it in matching anyway)."""
    n = base(h)
    if not re.fullmatch(r"[^\W\d][\w.-]*", n):
        sys.exit("demo2native: header %r is not an XML name" % h)
    return n


def xml_records(src, kind, rowmap):
    recs, hi, bad = read_csv(src)
    names = [xml_name(h) for h in recs[hi][1]]
    out, k = [], 0
    for line, r in recs[hi + 1:]:
        if r == []:
            continue               # blank line: no record, no ordinal
        if r is None or line in bad:
            rowmap.append((kind, line, "-"))
            continue
        k += 1
        rowmap.append((kind, line, k))
        out.append(list(zip(names, r)))
    return out


def write_xml_elements(src, dst, kind, rowmap):
    """<死亡火化名单><记录><姓名>…</姓名>…</记录>…</死亡火化名单>, UTF-8."""
    root = ET.Element("死亡火化名单", {"导出单位": "示范县民政局"})
    for rec in xml_records(src, kind, rowmap):
        e = ET.SubElement(root, "记录")
        for n, v in rec:
            ET.SubElement(e, n).text = v   # "" gives <火化日期 />, an empty value
    ET.indent(root)
    ET.ElementTree(root).write(dst, encoding="UTF-8", xml_declaration=True)


def write_xml_attributes(src, dst, kind, rowmap):
    """<DATA><ROW 序号="1" 姓名="…" …/>…</DATA>, declared and encoded GBK;
    empty fields are left out, as many exporters do."""
    root = ET.Element("DATA")
    for rec in xml_records(src, kind, rowmap):
        ET.SubElement(root, "ROW", {n: v for n, v in rec if v != ""})
    ET.indent(root)
    body = ET.tostring(root, encoding="unicode")
    with open(dst, "wb") as f:
        f.write(b'<?xml version="1.0" encoding="GBK"?>\n')
        f.write(body.encode("gbk", errors="xmlcharrefreplace"))


def write_xml_nested(src, dst, kind, rowmap):
    """<导出><表头 …/><数据><行><乡镇>…</乡镇>…</行>…</数据></导出>, gzip'd."""
    root = ET.Element("导出")
    ET.SubElement(root, "表头", {"单位": "示范县水利局", "表名": "农村饮水安全检测"})
    data = ET.SubElement(root, "数据")
    for rec in xml_records(src, kind, rowmap):
        e = ET.SubElement(data, "行")
        for n, v in rec:
            ET.SubElement(e, n).text = v
    ET.indent(root)
    body = b'<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="utf-8")
    with open(dst, "wb") as f:
        f.write(gzip.compress(body, mtime=0))


def main(argv):
    if len(argv) != 3:
        sys.exit("usage: demo2native.py DEMO_DIR OUT_DIR")
    d, o = argv[1], argv[2]
    s = lambda n: os.path.join(d, n)   # noqa: E731
    t = lambda n: os.path.join(o, n)   # noqa: E731
    rowmap, planted = [], []
    write_xlsx(s("roster.csv"), t("roster.dat"), "roster", rowmap, sheet="家庭成员信息", shared=True)
    write_xlsx(s("household.csv"), t("household.xlsx"), "household", rowmap, bools=True)
    write_xlsx(s("dibao.csv"), t("dibao.xlsx"), "dibao", rowmap, sheet="低保",
               notes=["填表说明", "本表由示范县民政局从低保信息系统导出"],
               plant_numeric_id="身份证号", planted=planted)
    write_xlsx(s("tekun.csv"), t("tekun.xlsx"), "tekun", rowmap)
    write_xlsx(s("med_enroll.csv"), t("med_enroll.xlsx"), "med_enroll", rowmap, shared=True)
    write_xlsx(s("med_claims.csv.gz"), t("med_claims.xlsx.gz"), "med_claims", rowmap, gz=True)
    write_xlsx(s("employment.csv"), t("employment.xlsx"), "employment", rowmap)
    write_xlsx(s("school.csv"), t("school.xlsx"), "school", rowmap)
    write_xlsx(s("survey.csv"), t("survey.xlsx"), "survey", rowmap)
    write_xml_elements(s("death.csv"), t("death.xml"), "death", rowmap)
    write_xml_attributes(s("relief.csv"), t("relief.dat"), "relief", rowmap)
    write_xml_nested(s("water.csv"), t("water.xml.gz"), "water", rowmap)
    with open(t("rowmap.tsv"), "w") as f:
        for k, a, b in rowmap:
            f.write("%s\t%s\t%s\n" % (k, a, b))
    with open(t("planted.tsv"), "w") as f:
        for k, r, c in planted:
            f.write("%s\t%s\t%s\n" % (k, r, c))


if __name__ == "__main__":
    main(sys.argv)
