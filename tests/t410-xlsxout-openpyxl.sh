#!/bin/sh
# t410: the xlsx report writer checked by openpyxl (an independent reader):
# 18-digit IDs are text with every digit, amounts are numbers, the title
# row is merged, the header bold and frozen, the autofilter set, sheet
# names made valid and unique, invalid UTF-8 replaced.
. "$(dirname "$0")/lib.sh"
"$BUILD/tests/test_xlsxout" write "$T/out.xlsx"
check "written: exit 0" test $? = 0
$PY - "$T/out.xlsx" <<'EOF'
import sys
import openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
def check(desc, cond):
    print(("ok - " if cond else "not ok - ") + desc)
check("sheet names valid and unique", wb.sheetnames == ["预警名单", "a_b_c___x_", "预警名单(2)"])
ws = wb["预警名单"]
check("title row merged across the columns", [str(r) for r in ws.merged_cells.ranges] == ["A1:E1"])
check("title text", ws["A1"].value == "某某镇 2024-06 预警名单")
check("title bold", ws["A1"].font.b is True)
check("header row", [c.value for c in ws[2]] == ["规则编号", "姓名", "证件号码", "金额（元）", "说明"])
check("header bold", all(c.font.b for c in ws[2]))
check("panes frozen below the header", ws.freeze_panes == "A3")
check("autofilter over header and data", ws.auto_filter.ref == "A2:E6")
c = ws["C3"]
check("18-digit ID is a text cell", c.data_type == "s" and c.value == "410522199001011234")
check("ID with X is text", ws["C4"].value == "41052219900101123X")
check("leading zeros kept", ws["C5"].value == "000123")
check("ID cells use the text format", c.number_format == "@")
check("amount is a number", ws["D3"].data_type == "n" and ws["D3"].value == 12345.67)
check("negative amount", ws["D5"].value == -3.5)
check("unparseable amount stays text", ws["D4"].value == "不详")
check("16 digits stay text (no double rounding)", ws["D6"].data_type == "s" and ws["D6"].value == "1234567890123456")
check("formula-like text is text, not a formula", ws["E3"].data_type == "s" and ws["E3"].value == "=cmd|' /C calc'!A0")
check("empty cells empty", ws["E4"].value is None and ws["E5"].value is None)
check("Chinese text", ws["B4"].value == "欧阳娜娜")
check("ID column width fits 18 digits", 20 <= ws.column_dimensions["C"].width <= 22)
check("CJK names count double", 10 <= ws.column_dimensions["B"].width <= 12)
check("long column capped", ws.column_dimensions["E"].width <= 61)
ws2 = wb["a_b_c___x_"]
check("no title: header on row 1", ws2["A1"].value == "a" and ws2.freeze_panes == "A2")
check("invalid UTF-8 replaced", ws2["A2"].value == "x\ufffdy")
ws3 = wb["预警名单(2)"]
check("empty table: title and header", ws3["A1"].value == "空表" and ws3["A2"].value == "规则编号" and ws3.max_row == 2)
EOF
"$BUILD/tests/test_xlsxout" write /nonexistent-dz-dir/out.xlsx 2>"$T/err"
check "unwritable path: exit 1" test $? = 1
printf "dz: cannot write '/nonexistent-dz-dir/out.xlsx': No such file or directory\n" >"$T/want"
same_file "unwritable path: message names the path" "$T/want" "$T/err"
