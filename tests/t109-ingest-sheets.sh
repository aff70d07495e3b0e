#!/bin/sh
# t109: which sheet of a workbook is read (SPEC §4 "Sheets"): the first
# visible worksheet whose header rows hold the kind's key column, past a
# 填表说明 sheet, an empty Sheet1 and a hidden data sheet; the account names
# the sheet when it is not the first; no sheet matching -> every sheet and
# its headers in the message, exit 3; --sheet still chooses.  Workbooks are
# written by openpyxl.
. "$(dirname "$0")/lib.sh"
id() { $PY "$TOP/tests/mkid.py" "$@"; }
A=$(id 410101 19800101 011); B=$(id 410101 19810202 022); C=$(id 410101 19820303 031)
cd "$T"
$PY - "$A" "$B" "$C" <<'PY'
import sys, openpyxl
A, B, C = sys.argv[1:4]
hdr = ["证件号码", "姓名", "乡镇", "行政村", "保障状态", "月保障金"]
# 填表说明 first, an empty Sheet1, then the data under a title row
wb = openpyxl.Workbook()
ws = wb.active; ws.title = "填表说明"
ws.append(["填表说明"]); ws.append(["一、证件号码填18位"]); ws.append(["二、金额单位为元"])
wb.create_sheet("Sheet1")
ws = wb.create_sheet("低保名单")
ws.append(["2024年6月低保名单"])
ws.append(hdr)
ws.append([A, "张三", "城关镇", "东关村", "正常", 560])
ws.append([B, "李四", "城关镇", "西关村", "正常", 300])
wb.save("notes.xlsx")
# a hidden sheet with other data before the visible data sheet
wb = openpyxl.Workbook()
ws = wb.active; ws.title = "旧数据"
ws.append(hdr)
ws.append([C, "王五", "城关镇", "南关村", "正常", 100])
ws.sheet_state = "hidden"
ws = wb.create_sheet("本月")
ws.append(hdr)
ws.append([A, "张三", "城关镇", "东关村", "正常", 560])
wb.save("hidden.xlsx")
# no sheet with the key column (the hidden one neither)
wb = openpyxl.Workbook()
ws = wb.active; ws.title = "说明"
ws.append(["本表由民政局导出"])
ws = wb.create_sheet("统计")
ws.append(["乡镇", "户数", "人数"])
ws.append(["城关镇", 3, 7])
wb.create_sheet("Sheet3")
ws = wb.create_sheet("备份")
ws.append(["姓名", "身份证"])
ws.sheet_state = "hidden"
wb.save("none.xlsx")
PY

# 填表说明 and an empty Sheet1 are passed over; the data sheet is read
cat >want.rec <<EOF
#dz-records 2	kind=dibao	source=dibao	file=notes.xlsx	period=2024-06
_row	id	name	township	village	status	amount
3	$A	张三	城关镇	东关村	正常	560.00
4	$B	李四	城关镇	西关村	正常	300.00
#end	read=2	used=2	rejected=0	sheet=低保名单
EOF
"$DZ" ingest -k dibao -p 2024-06 notes.xlsx >out.rec 2>err
check "填表说明 first: exit 0" test $? = 0
same_file "填表说明 first: records of the data sheet, trailer names it" want.rec out.rec
check "填表说明 first: the account names the sheet" \
	grep -qx "dz: ingest: notes.xlsx（工作表 低保名单）: 读入 2 行，使用 2，拒收 0" err

# a hidden sheet is not chosen, even when its header matches
"$DZ" ingest -q -k dibao -p 2024-06 hidden.xlsx >out.rec 2>err
check "hidden sheet before: exit 0" test $? = 0
check "hidden sheet before: the visible sheet's row" grep -q "^2	$A	张三" out.rec
check "hidden sheet before: not the hidden sheet's row" test -z "$(grep "$C" out.rec)"
check "hidden sheet before: the first visible sheet is not named" \
	grep -qx "#end	read=1	used=1	rejected=0" out.rec

# --sheet chooses the hidden one; the first visible sheet is not named
"$DZ" ingest -q -k dibao -p 2024-06 --sheet 旧数据 hidden.xlsx >out.rec 2>err
check "--sheet hidden: exit 0" test $? = 0
check "--sheet hidden: its row" grep -q "^2	$C	王五" out.rec
"$DZ" ingest -q -k dibao -p 2024-06 --sheet 本月 hidden.xlsx >out.rec 2>err
check "--sheet the first visible: no sheet= in the trailer" \
	grep -qx "#end	read=1	used=1	rejected=0" out.rec

# no sheet matches: every sheet with the headers found on it
"$DZ" ingest -q -k dibao -p 2024-06 none.xlsx >out.rec 2>err
check "no sheet matches: exit 3" test $? = 3
check "no sheet matches: message lists every sheet and its headers" grep -qx \
	"dz: ingest: 'none.xlsx': no sheet has the 证件号码 for kind dibao; sheets and headers found: '说明': row 1: 本表由民政局导出; '统计': row 1: 乡镇, 户数, 人数; 'Sheet3': (空); '备份' (隐藏): row 1: 姓名, 身份证" err
check "no sheet matches: one line" test "$(wc -l <err)" = 1

# dz run: the summary's source table names the sheet
cat >roster.csv <<EOF
证件号码,姓名,乡镇,行政村,户编号,与户主关系
$A,张三,城关镇,东关村,H1,户主
$B,李四,城关镇,西关村,H2,户主
EOF
"$DZ" run -q --period 2024-06 --out out --roster roster.csv --source dibao=notes.xlsx >/dev/null 2>err
rc=$?; sed "s/^/#   /" err
check "dz run on the workbook: exit 0" test $rc = 0
check "dz run: summary.csv names the sheet" grep -q "notes.xlsx（工作表 低保名单）" out/2024-06/summary.csv
