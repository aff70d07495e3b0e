#!/bin/sh
# t403: the xlsx reader's memory does not grow with the sheet: a sheet of
# 300,000 rows reads in about the same max RSS as one of 3,000 rows, and
# every row comes out.
. "$(dirname "$0")/lib.sh"
DUMP="$BUILD/tests/test_xlsxsrc"
export ASAN_OPTIONS="${ASAN_OPTIONS:-}:quarantine_size_mb=1"

$PY - "$T" <<'EOF'
import sys, zipfile
NS = "http://schemas.openxmlformats.org/"
rels = ('<Relationships xmlns="%spackage/2006/relationships"><Relationship Id="r1" '
        'Type="%sofficeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
        '</Relationships>' % (NS, NS))
wb = ('<workbook xmlns="%sspreadsheetml/2006/main" xmlns:r="%sofficeDocument/2006/relationships">'
      '<sheets><sheet name="S" sheetId="1" r:id="r1"/></sheets></workbook>' % (NS, NS))
for name, n in (("small", 3000), ("big", 300000)):
    with zipfile.ZipFile("%s/%s.xlsx" % (sys.argv[1], name), "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/workbook.xml", wb)
        z.writestr("xl/_rels/workbook.xml.rels", rels)
        with z.open("xl/worksheets/sheet1.xml", "w") as f:
            f.write(('<worksheet xmlns="%sspreadsheetml/2006/main"><sheetData>' % NS).encode())
            for i in range(1, n + 1):
                f.write(('<row r="%d"><c r="A%d" t="inlineStr"><is><t>4105221990%08d</t></is></c>'
                         '<c r="B%d" t="inlineStr"><is><t>姓名%d</t></is></c><c r="C%d"><v>%d.5</v></c>'
                         '</row>' % (i, i, i, i, i, i, i)).encode())
            f.write(b"</sheetData></worksheet>")
EOF
for s in small big; do
	$PY "$TOP/tests/maxrss.py" "$T/rss.$s" "$DUMP" dump "$T/$s.xlsx" >"$T/rows.$s" 2>"$T/err.$s"
	check "$s sheet: exit 0" test $? = 0
done
check "small sheet: 3000 rows" test "$(wc -l <"$T/rows.small")" = 3000
check "big sheet: 300000 rows" test "$(wc -l <"$T/rows.big")" = 300000
check "big sheet: last row" grep -qx 'row 300000: 410522199000300000 | 姓名300000 | 300000.5^n' "$T/rows.big"
small=$(tail -1 "$T/rss.small")
big=$(tail -1 "$T/rss.big")
# 100 times the rows, within 8 MB of the same memory
if [ $((big - small)) -lt 8192 ]; then
	ok "memory independent of the sheet's size (${small} KB vs ${big} KB)"
else
	notok "memory grows with the sheet (${small} KB vs ${big} KB)"
fi
