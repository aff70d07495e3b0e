#!/bin/sh
# t431: dz sniff on workbooks and web pages: the sheets of an .xls written
# by LibreOffice from an openpyxl workbook (a 填表说明 sheet first, a hidden
# sheet, the data sheet), which one is read and why (the kind's key column),
# --sheet; the tables of a GBK HTML page (a layout table first), its 合计 and
# 制表人 rows listed as footers; the ID stored as a number shown as DQ05.
. "$(dirname "$0")/lib.sh"
cd "$T"

$PY - <<'EOF'
import openpyxl
wb = openpyxl.Workbook()
ws = wb.active
ws.title = "填表说明"
ws.append(["本表由民政局低保系统导出，请勿修改表头"])
h = wb.create_sheet("旧表")
h.append(["身份证号", "姓名"])
h.sheet_state = "hidden"
d = wb.create_sheet("低保名单")
d.append(["示范县低保名册"])
d.append(["序号", "身份证号", "姓名", "月保障金（元）"])
d.append([1, "410221198407300490", "张三", 512.5])
d.append([2, 410221198407300490, "李四", 300])
d.append(["合计", None, None, 812.5])
wb.save("book.xlsx")
EOF
soffice --headless "-env:UserInstallation=file://$T/lo" --convert-to xls book.xlsx >lo.log 2>&1
check "LibreOffice wrote book.xls" test -s book.xls

"$DZ" sniff -p 2024-06 book.xls >xls.txt
check "xls: exit 0" test $? = 0
check "xls: container" grep -q '^格式 (container): *Excel 97-2003 工作簿' xls.txt
check "xls: the sheets, the hidden one marked, the data sheet read" \
	grep -q '^工作表 (sheets): *填表说明，旧表（隐藏 hidden），低保名单（读这个 read）$' xls.txt
check "xls: dibao shown, header on row 2" \
	sh -c "grep -q '^类型 (kind): *dibao' xls.txt && grep -q '^表头 (header row): *第 2 行' xls.txt"
check "xls: the sheet read is named (not the first visible one)" grep -q '^读的工作表 (sheet read): 低保名单' xls.txt
check "xls: the 合计 row 5 is a footer" grep -q '^表尾行 (footer rows): *第 5 行 合计' xls.txt
check "xls: rows read 3 = used 1 + rejected 1 + footer 1" \
	grep -q '^数据行 (data rows): *3（使用 used 1，拒收 rejected 1，表尾 footer 1）' xls.txt
check "xls: the numeric ID on row 4 is rejected DQ05" grep -q '^  第 4 行 (row 4) 拒收 rejected DQ05：身份证号=4\.10221198407300' xls.txt
"$DZ" sniff --json -k dibao --sheet 旧表 book.xls >old.json
check "--sheet 旧表 --json: the hidden sheet is read, marked used" \
	$PY -c "import json,sys; d=json.load(open('old.json')); s={x['name']:(x['hidden'],x['used']) for x in d['sheets']}; sys.exit(not (s['旧表']==(True,True) and s['低保名单']==(False,False) and d['header_row']==1 and d['columns'][0]=={'column':'A','header':'身份证号','field':'id'}))"

# a GBK page as a web system writes it
cat >page.u8 <<'EOF'
<html><head><meta http-equiv="Content-Type" content="text/html; charset=gbk"></head><body>
<table><tr><td>查询条件：</td><td>乡镇：全部</td></tr></table>
<table border="1">
<tr><td colspan="4">示范县低保名册</td></tr>
<tr><th>序号</th><th>身份证号</th><th>姓名</th><th>月保障金（元）</th></tr>
<tr><td>1</td><td>410221198407300490</td><td>张三&nbsp;</td><td>512.5</td></tr>
<tr><td>合计</td><td></td><td></td><td>512.5</td></tr>
<tr><td colspan="4">制表人：王芳&nbsp;&nbsp;审核人：李强</td></tr>
</table></body></html>
EOF
iconv -f UTF-8 -t GBK page.u8 >page.xls
"$DZ" sniff -p 2024-06 page.xls >html.txt
check "html: exit 0" test $? = 0
check "html: container and encoding" \
	sh -c "grep -q '^格式 (container): *网页表格' html.txt && grep -q '^编码 (encoding): *GB18030' html.txt"
check "html: the tables, the second read" grep -q '^表格 (tables): *表格1，表格2（读这个 read）$' html.txt
check "html: the footers listed with their <tr> ordinals" \
	sh -c "grep -q '^表尾行 (footer rows): *第 4 行 合计' html.txt && grep -q '^ *第 5 行 制表人：王芳 审核人：李强' html.txt"
check "html: the record as dz reads it (&nbsp; trimmed, amount parsed)" \
	sh -c "grep -q '^    name  *张三\$' html.txt && grep -q '^    amount  *512.50\$' html.txt"
