#!/bin/sh
# t404: dz ingest end to end on xlsx (openpyxl-made) and XML exports:
# sheet row numbers as 行号, dates stored as serial numbers read as dates,
# numeric amounts, an ID stored as a number rejected as DQ05, --sheet,
# --record, a GBK gzip'd XML, and unusable containers -> exit 3.
. "$(dirname "$0")/lib.sh"
id() { $PY "$TOP/tests/mkid.py" "$@"; }
A=$(id 410101 19800101 011); B=$(id 410101 19810202 022); C=$(id 410101 19820303 031)
cd "$T"
cat >dibao.csv <<EOF
序号,证件号码,姓名,乡镇,行政村,保障状态,批准日期,月保障金
1,$A,张三,城关镇,东关村,正常,2024-06-03,560.5
2,$B,李四,城关镇,西关村,停保,2023-01-01,0

3,$C,王五,城关镇,西关村,正常,2024-06-15,300
EOF
printf '说明\n本表由民政局导出\n' >notes.csv
$PY "$TOP/tests/mkxlsx.py" dibao.csv d.xlsx --sheet 低保 --title 2024年6月低保名单 \
	--date 批准日期 --num 月保障金 --shared-strings --before 说明=notes.csv

# title row 1, header row 2, data rows 3 and 4, the empty row 5, row 6
cat >want.rec <<EOF
#dz-records 2	kind=dibao	source=dibao	file=d.xlsx	period=2024-06
_row	id	name	township	village	status	start_date	amount
3	$A	张三	城关镇	东关村	正常	2024-06-03	560.50
4	$B	李四	城关镇	西关村	停保	2023-01-01	0.00
6	$C	王五	城关镇	西关村	正常	2024-06-15	300.00
#end	read=3	used=3	rejected=0	sheet=低保
EOF
"$DZ" ingest -q -k dibao -p 2024-06 --sheet 低保 d.xlsx >out.rec 2>err
check "xlsx --sheet: exit 0" test $? = 0
same_file "xlsx --sheet: records (row numbers, dates, amounts)" want.rec out.rec

"$DZ" ingest -q -k dibao -p 2024-06 --sheet 花名册 d.xlsx >/dev/null 2>err
check "unknown sheet: exit 3" test $? = 3
check "unknown sheet: message lists the sheets" \
	grep -qx "dz: ingest: 'd.xlsx': no sheet named '花名册' (sheets: '说明', '低保')" err

# IDs stored as numbers: DQ05, whatever digits they show; the ID ending in X stays text
$PY "$TOP/tests/mkxlsx.py" dibao.csv n.xlsx --id-number 证件号码 --date 批准日期
"$DZ" ingest -q -k dibao -p 2024-06 -m 100 -Q q.csv n.xlsx >out.rec 2>err
check "numeric IDs: exit 0 under -m 100" test $? = 0
check "numeric IDs: the text ID used" grep -q "^5	$C	王五" out.rec
check "numeric IDs: account" grep -qx "#end	read=3	used=1	rejected=2	DQ05=2" out.rec
check "numeric IDs: DQ05 on sheet row 2" grep -q '^"dibao","n.xlsx","2","证件号码","4.1010119800101..e+17","DQ05"' q.csv
check "numeric IDs: DQ05 on sheet row 3" grep -q '^"dibao","n.xlsx","3","证件号码","4.1010119810202..e+17","DQ05"' q.csv

# XML: GBK, gzip'd, records by ordinal
cat >dibao.xml <<EOF
<?xml version="1.0" encoding="GBK"?>
<低保名单>
  <记录><证件号码>$A</证件号码><姓名>张三</姓名><乡镇>城关镇</乡镇><行政村>东关村</行政村><保障状态>正常</保障状态><批准日期>2024-06-03</批准日期><月保障金>560.5</月保障金></记录>
  <记录><证件号码>$B</证件号码><姓名>李四</姓名><乡镇>城关镇</乡镇><行政村>西关村</行政村><保障状态>停保</保障状态><批准日期>2023-01-01</批准日期><月保障金>0</月保障金></记录>
</低保名单>
EOF
iconv -f UTF-8 -t GBK dibao.xml | gzip -c >dibao.xml.gz
cat >want.xml.rec <<EOF
#dz-records 2	kind=dibao	source=dibao	file=dibao.xml.gz	period=2024-06
_row	id	name	township	village	status	start_date	amount
1	$A	张三	城关镇	东关村	正常	2024-06-03	560.50
2	$B	李四	城关镇	西关村	停保	2023-01-01	0.00
#end	read=2	used=2	rejected=0
EOF
"$DZ" ingest -q -k dibao -p 2024-06 dibao.xml.gz >out.rec 2>err
check "GBK gzip'd XML: exit 0" test $? = 0
same_file "GBK gzip'd XML: records" want.xml.rec out.rec

# attribute form with a named record element
cat >attr.xml <<EOF
<导出><表头 单位="民政局"/><数据><行 证件号码="$A" 姓名="张三" 保障状态="正常"/><行 证件号码="$B" 姓名="李四" 保障状态="停保"/></数据></导出>
EOF
"$DZ" ingest -q -k dibao -p 2024-06 --record 行 attr.xml >out.rec 2>err
check "XML --record: exit 0" test $? = 0
check "XML --record: 2 rows used" grep -qx "#end	read=2	used=2	rejected=0" out.rec

# unusable containers
head -c 2000 d.xlsx >cut.xlsx
"$DZ" ingest -q -k dibao -p 2024-06 cut.xlsx >/dev/null 2>err
check "truncated xlsx: exit 3" test $? = 3
check "truncated xlsx: message" grep -qx "dz: ingest: 'cut.xlsx': not a readable xlsx file: the zip container is corrupt or truncated" err
printf '<低保名单>\n<记录><证件号码>%s</证件号码></记录>\n<记录><证件号码>' "$A" >cut.xml
"$DZ" ingest -q -k dibao -p 2024-06 cut.xml >/dev/null 2>err
check "truncated XML: exit 3" test $? = 3
check "truncated XML: message names file and line" grep -q "^dz: ingest: 'cut.xml', line 3: malformed XML: " err
