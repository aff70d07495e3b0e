#!/bin/sh
# Every xlsx dz writes for people prints as SPEC §6 says (issue #8 item 12):
# A4 landscape, all columns on one page width, title and header rows
# repeated on every page, long text wrapped, a footer with page number and
# period.  Checked in the written XML (every sheet of every workbook), then
# by printing a township's 预警名单 and the county 逻辑校验 (the longest list) to PDF with
# LibreOffice and reading the PDF with poppler (pdfinfo, pdftotext).
. "$(dirname "$0")/lib.sh"
INI="$TOP/fixtures/demo/county.ini"
P=$(sed -n 's/^period *= *//p' "$INI" | head -1)
"$DZ" run -q "$INI" --out "$T/o" --date 2026-11-05
check "demo run exits 0" test $? = 0
$PY - "$T/o/$P" "$P" <<'PYEOF'
import glob, os, re, sys, zipfile
import xml.etree.ElementTree as ET
root, period = sys.argv[1], sys.argv[2]
M = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
def ok(c, what):
    print(("ok - " if c else "not ok - ") + what)
books = sorted(glob.glob(os.path.join(root, "**", "*.xlsx"), recursive=True))
ok(len(books) >= 16, "%d workbooks" % len(books))
for b in books:
    name = os.path.relpath(b, root)
    z = zipfile.ZipFile(b)
    wbx = ET.fromstring(z.read("xl/workbook.xml"))
    sheets = wbx.findall(M + "sheets/" + M + "sheet")
    titles = {d.get("localSheetId"): d.text for d in wbx.iter(M + "definedName")
              if d.get("name") == "_xlnm.Print_Titles"}
    rels = ET.fromstring(z.read("xl/_rels/workbook.xml.rels"))
    target = {r.get("Id"): r.get("Target") for r in rels}
    styles = ET.fromstring(z.read("xl/styles.xml"))
    xfs = styles.find(M + "cellXfs").findall(M + "xf")
    for i, sh in enumerate(sheets):
        what = "%s [%s]" % (name, sh.get("name"))
        x = ET.fromstring(z.read("xl/" + target[sh.get(R + "id")]))
        ps = x.find(M + "pageSetup")
        ok(ps is not None and ps.get("paperSize") == "9" and ps.get("orientation") == "landscape",
           "%s: A4 landscape" % what)
        fit = x.find(M + "sheetPr/" + M + "pageSetUpPr")
        ok(fit is not None and fit.get("fitToPage") == "1" and ps.get("fitToWidth", "1") == "1"
           and ps.get("fitToHeight") == "0", "%s: all columns on one page width" % what)
        pt = titles.get(str(i), "")
        ok(pt.endswith("!$1:$2"), "%s: title and header rows repeat on every page (%s)" % (what, pt))
        foot = x.find(M + "headerFooter/" + M + "oddFooter")
        ft = foot.text if foot is not None else ""
        ok("&P" in ft and period in ft, "%s: footer with page number and period (%s)" % (what, ft))
        # the text cells of the data rows are wrapped
        cells = [c for row in x.iter(M + "row") if int(row.get("r")) > 2
                 for c in row.findall(M + "c") if c.get("t") in ("s", "inlineStr")]
        wrapped = [c for c in cells if xfs[int(c.get("s", "0"))].find(M + "alignment") is not None
                   and xfs[int(c.get("s", "0"))].find(M + "alignment").get("wrapText") == "1"]
        ok(len(wrapped) == len(cells), "%s: %d of %d text cells wrap" % (what, len(wrapped), len(cells)))
PYEOF

# print with LibreOffice
town=$(ls "$T/o/$P/push" | head -1)
cp "$T/o/$P/push/$town/预警名单.xlsx" "$T/list.xlsx"
cp "$T/o/$P/checks.xlsx" "$T/county.xlsx"   # the longest county list
(cd "$T" && timeout 300 soffice --headless -env:UserInstallation=file://$T/lo --convert-to pdf \
	--outdir "$T" list.xlsx county.xlsx >/dev/null 2>&1)
check "LibreOffice printed both lists to PDF" test -s "$T/list.pdf" -a -s "$T/county.pdf"
size=$(pdfinfo "$T/list.pdf" | sed -n 's/^Page size: *//p')
check "the list prints on A4 landscape ($size)" sh -c "echo '$size' | grep -q '^841.* x 595.*(A4)'"
pdftotext -layout -f 1 -l 1 "$T/list.pdf" "$T/p1.txt"
$PY - "$T/o/$P/warnings.csv" "$town" "$T/p1.txt" <<'PYEOF'
import csv, sys
path, town, page = sys.argv[1:4]
with open(path, encoding="utf-8-sig", newline="") as f:
    rows = list(csv.reader(f))
h = rows[0]
mine = [r for r in rows[1:] if r[h.index("乡镇")] == town]
text = open(page, encoding="utf-8").read()
def ok(c, what):
    print(("ok - " if c else "not ok - ") + what)
ok(len(mine) > 0, "%s has %d warnings" % (town, len(mine)))
first = mine[: min(len(mine), 10)]
ids = [r[h.index("证件号码")] for r in first if r[h.index("证件号码")]]
names = [r[h.index("姓名")] for r in first if r[h.index("姓名")]]
ok(ids and all(i in text for i in ids), "page 1 carries the ID numbers of the first rows (%d)" % len(ids))
ok(names and all(n in text for n in names), "page 1 carries their names (%d)" % len(names))
ok(all(c in text for c in ("规则编号", "证件号码", "说明")), "page 1 carries the first, the ID and the last column")
ok("第 1 页" in text, "page 1 has its page number in the footer")
PYEOF
pages=$(pdfinfo "$T/county.pdf" | sed -n 's/^Pages: *//p')
check "the county 逻辑校验 runs over several pages ($pages)" test "$pages" -ge 2
pdftotext -layout -f 2 -l 2 "$T/county.pdf" "$T/p2.txt"
check "page 2 repeats the title" grep -q "$P 逻辑校验（全县）" "$T/p2.txt"
check "page 2 repeats the header" grep -q "规则编号.*证件号码.*说明" "$T/p2.txt"
check "page 2 footer: period and page number" sh -c "grep -q '$P' '$T/p2.txt' && grep -q '第 2 页，共 $pages 页' '$T/p2.txt'"
