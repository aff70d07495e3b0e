#!/bin/sh
# t426: HTML tables - what the reader does with the markup web systems and
# LibreOffice write: the charset from <meta charset> / http-equiv (GBK,
# GB2312 declared but GBK content, UTF-8 with a BOM and no <meta>), the
# first table holding the key column (a layout table before it is passed
# over; --sheet 表格N names one), <th>/<td>, colspan and rowspan placed as a
# spreadsheet shows them, &nbsp; and entities decoded, 行号 = the <tr>
# ordinal in its table, bytes invalid in GBK -> DQ09; a page written by
# LibreOffice (headless) from an openpyxl workbook; and a page with no
# table: exit 3 with its message.
. "$(dirname "$0")/lib.sh"
cd "$T"
ing() { "$DZ" ingest -q -k dibao -p 2024-06 -m 90 "$@"; }
body() { grep -v '^#' "$1" | cut -f1-8; }

# a web system's export: GBK, http-equiv charset, layout table first,
# title row with colspan, 乡镇 with rowspan=2 over two data rows (shown
# once, as a merged cell: the second row's 乡镇 is empty), entities
cat >page.u8 <<'EOF'
<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.0 Transitional//EN">
<HTML><HEAD><META http-equiv="Content-Type" content="text/html; charset=GBK">
<TITLE>低保</TITLE><SCRIPT>var t = "<table><tr><td>x</td></tr></table>";</SCRIPT></HEAD>
<BODY>
<TABLE><TR><TD>查询条件</TD><TD>乡镇：全部</TD></TR></TABLE>
<TABLE border=1>
<TR><TD colspan=7 align=center>示范县低保名册&nbsp;（2024年6月）</TD></TR>
<TR><TH>身份证号</TH><TH>姓&nbsp;名</TH><TH>乡镇</TH><TH>村</TH><TH>保障状态</TH><TH>批准日期</TH><TH>月保障金（元）</TH></TR>
<TR><TD>410221198407300490</TD><TD>张&amp;三&nbsp;</TD><TD rowspan="2">城关镇</TD><TD>东关村</TD><TD>正常</TD><TD>2024-06-30</TD><TD>512.5</TD></TR>
<TR><TD>
    11010519491231002X
</TD><TD>李<br>四</TD><TD>&#x897F;&#20851;村</TD><TD>正常<TD>2024/6/1<TD>1,000</TR>
<TR><TD></TD><TD colspan=5>小计</TD><TD>1512.5</TD></TR>
</TABLE></BODY></HTML>
EOF
iconv -f UTF-8 -t GBK page.u8 >page.xls
ing --quality q.csv page.xls >out.rec 2>err.txt
check "GBK page: exit 0" test $? = 0
printf '_row\tid\tname\ttownship\tvillage\tstatus\tstart_date\tamount\n3\t410221198407300490\t张&三\t城关镇\t东关村\t正常\t2024-06-30\t512.50\n4\t11010519491231002X\t李 四\t\t西关村\t正常\t2024-06-01\t1000.00\n' >want.tsv
body out.rec >got.tsv
same_file "GBK page: the data table's rows (<tr> ordinals, rowspan, entities, &nbsp;)" want.tsv got.tsv
check "小计 row (ID cell empty): DQ14 with its text, not rejected" \
	sh -c "grep -q '^\"dibao\",\"page.xls\",\"5\",\"\",\"小计\",\"DQ14\",' q.csv && grep -q '^#end	read=3	used=2	rejected=0	' out.rec"

# declared GB2312, content GBK-only (镕 is not in GB2312): read as GB18030
sed 's/charset=GBK/charset=gb2312/; s/张&amp;三/朱镕基/' page.u8 | iconv -f UTF-8 -t GBK >gb2312.xls
ing gb2312.xls >out2.rec 2>/dev/null
check "declared GB2312 with a GBK character: read" grep -q '^3	410221198407300490	朱镕基	' out2.rec

# UTF-8 with a BOM, no <meta>, lowercase tags, starting with <table>
{ printf '\357\273\277'; sed -n '/<TABLE border=1>/,/<\/TABLE>/p' page.u8 | tr 'A-Z' 'a-z' | sed 's/11010519491231002x/11010519491231002X/'; } >bom.htm
ing bom.htm >out3.rec 2>/dev/null
body out3.rec >got3.tsv
same_file "UTF-8 page with BOM, no <meta>, <table> first: same rows" want.tsv got3.tsv

# --sheet 表格1 reads the layout table (no key column: exit 3, the headers it holds)
ing --sheet 表格1 page.xls >/dev/null 2>err.txt
check "--sheet 表格1: exit 3 (no key column there)" test $? = 3
check "--sheet 表格1: the message names what it found" grep -q "'page.xls'.*查询条件" err.txt

# bytes invalid in GBK inside a cell: the row is used, DQ09 on that column
printf '<html><meta charset="gbk"><table><tr><th>' >bad.xls
printf '身份证号</th><th>姓名</th></tr><tr><td>410221198407300490</td><td>' | iconv -f UTF-8 -t GBK >>bad.xls
printf '\377\377</td></tr></table>' >>bad.xls
ing --quality qb.csv bad.xls >outb.rec 2>/dev/null
check "invalid GBK bytes: DQ09 on row 2, column 姓名" grep -q '^"dibao","bad.xls","2","姓名",.*"DQ09"' qb.csv
check "invalid GBK bytes: the row is used" grep -q '^#end	read=1	used=1	' outb.rec

# a page LibreOffice wrote (its HTML export of a workbook openpyxl wrote)
$PY - <<'EOF'
import openpyxl
wb = openpyxl.Workbook()
ws = wb.active
ws.title = "低保"
ws.append(["示范县低保名册"])
ws.merge_cells("A1:D1")
ws.append(["身份证号", "姓名", "乡镇", "月保障金"])
ws.append(["410221198407300490", "张三", "城关镇", 512.5])
ws.append([])
ws.append(["11010519491231002X", "李四", "城关镇", 100])
wb.save("lo.xlsx")
EOF
soffice --headless "-env:UserInstallation=file://$T/lo" --convert-to html lo.xlsx >lo.log 2>&1
check "LibreOffice wrote lo.html" test -s lo.html
ing lo.html >out4.rec 2>err4.txt
check "LibreOffice page: exit 0" test $? = 0
printf '_row\tid\tname\ttownship\tamount\n3\t410221198407300490\t张三\t城关镇\t512.50\n5\t11010519491231002X\t李四\t城关镇\t100.00\n' >want4.tsv
grep -v '^#' out4.rec >got4.tsv
same_file "LibreOffice page: rows at their sheet rows (merged title, blank row kept)" want4.tsv got4.tsv

# no table at all
printf '<!DOCTYPE html>\n<html><head><meta charset="utf-8"></head><body><p>没有数据</p></body></html>\n' >empty.html
ing empty.html >/dev/null 2>err.txt
check "page with no table: exit 3" test $? = 3
check "page with no table: message" grep -qx "dz: ingest: 'empty.html': an HTML page with no table (<table>): nothing to read; export the data as a table (导出Excel), .xlsx or CSV" err.txt
