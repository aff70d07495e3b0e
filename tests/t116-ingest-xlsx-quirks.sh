#!/bin/sh
# t116: xlsx as other programs write it (SPEC §4 "Containers", "xlsx cells",
# #9 item 6): _xHHHH_ escapes decoded (an ID cell ending in _x000D_ is the
# ID; _x005F_ is an underscore); zip members named with '\' (some Java
# libraries) read; clear messages naming the format and what to do for a
# .xlsb, .ods, a zip that is not a workbook and
# a CRC-corrupt member (exit 3).  Before: the escapes stayed as text (the ID
# rejected), the '\' names gave "not an xlsx workbook".  (A password-
# protected workbook, an OLE2 file, is the xls reader's: t421.)
. "$(dirname "$0")/lib.sh"
id() { $PY "$TOP/tests/mkid.py" "$@"; }
A=$(id 410101 19800101 011); B=$(id 410101 19810202 022)
cd "$T"
printf '证件号码,姓名,救助金额\n%s,张三,5\n%s,李四,6\n' "$A" "$B" >r.csv
$PY "$TOP/tests/mkxlsx.py" r.csv esc.xlsx --shared-strings \
	--cell "A2=<c r=\"A2\" t=\"inlineStr\"><is><t>${A}_x000D_</t></is></c>" \
	--cell 'B3=<c r="B3" t="inlineStr"><is><t>李_x005F_x0041_四_x0041_</t></is></c>'
"$DZ" ingest -q -k relief -p 2024-06 esc.xlsx >esc.rec 2>err
check "_x escapes: exit 0" test $? = 0
check "_x000D_ after the ID: the ID" grep -qx "2	$A	张三	5.00" esc.rec
check "_x005F_ is '_', _x0041_ is 'A'" grep -qx "3	$B	李_x0041_四A	6.00" esc.rec

# the same workbook with every member named with backslashes
$PY - esc.xlsx bs.xlsx <<'PY'
import sys, zipfile
src, dst = sys.argv[1:3]
with zipfile.ZipFile(src) as a, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as b:
    for i in a.infolist():
        b.writestr(zipfile.ZipInfo(i.filename.replace("/", "\\")), a.read(i.filename))
names = zipfile.ZipFile(dst).namelist()
assert any("\\" in n for n in names) and not any("/" in n for n in names), names
PY
"$DZ" ingest -q -k relief -p 2024-06 bs.xlsx | tail -n +2 >bs.body
tail -n +2 esc.rec >esc.body
same_file "backslash member names: the same records" esc.body bs.body

# recognized, not read: each with its message, exit 3
$PY - <<'PY'
import zipfile, struct
with zipfile.ZipFile("b.xlsb", "w") as z:
    z.writestr("[Content_Types].xml", "<Types/>")
    z.writestr("_rels/.rels", '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.bin"/></Relationships>')
    z.writestr("xl/workbook.bin", b"\x83\x01\x00")
with zipfile.ZipFile("s.ods", "w") as z:
    z.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
    z.writestr("content.xml", "<office:document-content/>")
with zipfile.ZipFile("w.docx", "w") as z:
    z.writestr("word/document.xml", "<w:document/>")
PY
msg() {  # FILE MESSAGE
	"$DZ" ingest -q -k relief -p 2024-06 "$1" >/dev/null 2>err
	rc=$?
	check "$1: exit 3" test $rc = 3
	check "$1: message" grep -qxF "dz: ingest: '$1': $2" err
}
msg b.xlsb "an Excel binary workbook (.xlsb), which dz does not read; save it as .xlsx (Excel: 另存为 Excel 工作簿)"
msg s.ods "an OpenDocument spreadsheet (.ods), which dz does not read; save it as .xlsx (LibreOffice/WPS: 另存为 Excel 2007-365)"
msg w.docx "a zip file that is not an Excel workbook (no xl/workbook.xml in it); give the department's .xlsx, .xls or CSV export"

# a member whose data does not match its CRC (stored, one digit changed)
$PY - esc.xlsx crc.xlsx <<'PY'
import sys, zipfile
src, dst = sys.argv[1:3]
with zipfile.ZipFile(src) as a, zipfile.ZipFile(dst, "w", zipfile.ZIP_STORED) as b:
    for i in a.infolist():
        b.writestr(i.filename, a.read(i.filename))
data = bytearray(open(dst, "rb").read())
k = data.find(b"<v>5</v>")
assert k > 0
data[k + 3] = ord("7")
open(dst, "wb").write(bytes(data))
PY
msg crc.xlsx "xl/worksheets/sheet1.xml: corrupt zip member (CRC mismatch)"
