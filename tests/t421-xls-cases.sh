#!/bin/sh
# t421: .xls files written by LibreOffice (headless) from workbooks openpyxl
# wrote: a hidden first sheet is passed over, the WPS .et name changes
# nothing, a 1904-date-system workbook keeps its dates, formulas give their
# results, --sheet names a sheet; and the inputs dz must refuse with a
# clear message and exit 3: a truncated .xls (cut at several places), an
# OLE2 file that is not a workbook (the .xls with its Workbook stream
# renamed; as EncryptedPackage it is a password-protected xlsx), an
# unknown --sheet.
. "$(dirname "$0")/lib.sh"
cd "$T"
ing() { "$DZ" ingest -q -k dibao -p 2024-06 -m 50 "$@"; }

$PY - <<'EOF'
import datetime, openpyxl
from openpyxl.utils.datetime import CALENDAR_MAC_1904
H = ["身份证号", "姓名", "乡镇", "行政村", "保障状态", "保障开始日期", "月保障金"]
wb = openpyxl.Workbook()
ws = wb.active
ws.title = "旧表"
ws.append(H)
ws.append(["110105194912310038", "旧人", "城关镇", "东关村", "正常", "2020-01-01", 1])
ws.sheet_state = "hidden"
ws = wb.create_sheet("数据")
ws.append(["低保名册（2024年6月）"])
ws.append(H)
ws.append(["410221198407300490", "张三", "城关镇", "东关村", "正常", datetime.date(2024, 6, 30), 512.5])
ws.append(["=\"11010519491231002X\"", "李四", "城关镇", "东关村", "停保", "2024/6/1", "=500+12"])
ws.append([410221198407300490, "王五", "城关镇", "东关村", "正常", None, 3])
wb.save("hidden.xlsx")
wb = openpyxl.Workbook()
wb.epoch = CALENDAR_MAC_1904
ws = wb.active
ws.append(H)
ws.append(["410221198407300490", "张三", "城关镇", "东关村", "正常", datetime.date(2024, 6, 30), 512.5])
wb.save("mac1904.xlsx")
EOF
L="-env:UserInstallation=file://$T/lo"
soffice --headless "$L" --convert-to xls hidden.xlsx mac1904.xlsx >lo.log 2>&1
check "LibreOffice wrote hidden.xls and mac1904.xls" test -s hidden.xls -a -s mac1904.xls
# OLE2 files that are not workbooks: LibreOffice's hidden.xls with its
# Workbook stream renamed in the compound file's directory (the container
# stays valid): "Document" (as in other Office files), "EncryptedPackage"
# (what an xlsx saved with a password is)
$PY - <<'EOF'
import struct
data = open("hidden.xls", "rb").read()
i = data.index("Workbook".encode("utf-16-le") + bytes(2))
def renamed(new):
    n = (new + "\0").encode("utf-16-le")
    entry = n + bytes(64 - len(n)) + struct.pack("<H", len(n))
    return data[:i] + entry + data[i + 66:]
open("notes.doc", "wb").write(renamed("Document"))
open("secret.xlsx", "wb").write(renamed("EncryptedPackage"))
EOF

# the hidden first sheet is passed over; formulas give their values; the
# ID stored as a number is DQ05; the header is found under the title row
ing --quality q.csv hidden.xls >out.rec 2>err.txt
check "hidden first sheet: exit 0" test $? = 0
grep -v '^#' out.rec | cut -f1-3 >got.tsv
printf '_row\tid\tname\n3\t410221198407300490\t张三\n4\t11010519491231002X\t李四\n' >want.tsv
same_file "rows of the visible sheet 数据, the formula ID read as its text" want.tsv got.tsv
check "the date cell is 2024-06-30, the amount 512.50, the formula =500+12 is 512.00" \
	sh -c "grep -q '	2024-06-30	512.50\$' out.rec && grep -q '	2024-06-01	512.00\$' out.rec"
check "the numeric ID on row 5 is DQ05" \
	grep -q '^"dibao","hidden.xls","5","身份证号","4\.10221198407300[0-9]*e+17","DQ05",' q.csv
check "the trailer accounts for the three rows" grep -q '^#end	read=3	used=2	rejected=1	' out.rec

# WPS .et: the same container, recognized by content whatever the name
cp hidden.xls roster.et
ing roster.et >et.rec 2>/dev/null
grep -v '^#' out.rec >out.rec.body
grep -v '^#' et.rec >et.body
same_file "a .et copy reads the same records" out.rec.body et.body

# --sheet names a sheet (the hidden one too); an unknown name lists them
ing --sheet 旧表 hidden.xls >old.rec 2>/dev/null
check "--sheet 旧表 reads the hidden sheet" grep -q '^2	110105194912310038	旧人' old.rec
ing --sheet 没有 hidden.xls >/dev/null 2>err.txt
check "--sheet unknown: exit 3" test $? = 3
check "--sheet unknown: message lists the sheets" \
	grep -qx "dz: ingest: 'hidden.xls': no sheet named '没有' (sheets: '旧表', '数据')" err.txt

# 1904 date system: the date cell still reads 2024-06-30
ing mac1904.xls >mac.rec 2>err.txt
check "1904 workbook: exit 0" test $? = 0
check "1904 workbook: the date is 2024-06-30" grep -q '	2024-06-30	512.50$' mac.rec

# a truncated .xls, cut at several places: exit 3, one message
sz=$(wc -c <hidden.xls)
for cut in 600 2048 $((sz / 2)) $((sz - 512)) $((sz - 1)); do
	head -c $cut hidden.xls >cut.xls
	ing cut.xls >/dev/null 2>err.txt
	check "truncated at $cut of $sz bytes: exit 3" test $? = 3
	check "truncated at $cut: message" grep -qx \
		"dz: ingest: 'cut.xls': not a readable .xls file: the file is truncated or its compound (OLE2) structure is corrupt" err.txt
done

# an OLE2 file that is not a workbook
ing notes.doc >/dev/null 2>err.txt
check "Word .doc: exit 3" test $? = 3
check "Word .doc: message" grep -qx "dz: ingest: 'notes.doc': an OLE2 (Office 97-2003) file that is not an Excel workbook (no Workbook stream; a Word or other Office document?): export the table as .xlsx or CSV" err.txt
ing secret.xlsx >/dev/null 2>err.txt
check "OLE2 holding an EncryptedPackage: exit 3" test $? = 3
check "OLE2 holding an EncryptedPackage: message" grep -qx "dz: ingest: 'secret.xlsx': 文件有密码保护 (a password-protected workbook): open it in Excel or WPS with the password, remove the password and save it again" err.txt
