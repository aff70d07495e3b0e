#!/bin/sh
# Text encodings: UTF-8, UTF-8 with BOM and GB18030/GBK give the same
# records; --encoding overrides detection; invalid bytes are DQ09.
. "$(dirname "$0")/lib.sh"
id() { $PY "$TOP/tests/mkid.py" "$@"; }
A=$(id 410101 19800101 011); B=$(id 410101 19810202 022)
cd "$T"
cat >u8.csv <<CSV
低保名单（2024年6月）
证件号码,姓名,乡镇,行政村,保障状态,保障开始日期,月保障金（元）
$A,张三,城关镇,东关村,正常,2024年6月1日,"1,200.50"
$B,欧阳·娜娜,城关镇,西关村,停保,2023/12/5,800
CSV
ing() { "$DZ" ingest -q -k dibao -p 2024-06 "$@"; }
ing u8.csv | tail -n +2 >u8.body
check "UTF-8 read" grep -q "^3	$A	张三	城关镇	东关村	正常	2024-06-01	1200.50\$" u8.body

iconv -f UTF-8 -t GBK u8.csv >gbk.csv
ing --quality q.csv gbk.csv | tail -n +2 >gbk.body
same_file "GBK file gives the same records" u8.body gbk.body
printf '\357\273\277"来源类型","文件","行号","列","原始值","代码","说明"\r\n' >noq.csv
same_file "GBK file: no findings" noq.csv q.csv
iconv -f UTF-8 -t GB18030 u8.csv >gb18030.csv
ing gb18030.csv | tail -n +2 >gb.body
same_file "GB18030 file gives the same records" u8.body gb.body
{ printf '\357\273\277'; cat u8.csv; } >bom.csv
ing bom.csv | tail -n +2 >bom.body
same_file "UTF-8 with BOM gives the same records" u8.body bom.body
tr '\n' '\r' <u8.csv | sed 's/\r/\r\n/g' >crlf.csv
ing crlf.csv | tail -n +2 >crlf.body
same_file "CRLF line ends give the same records" u8.body crlf.body

# --encoding: GBK named explicitly; UTF-8 forced on GBK bytes
ing --encoding GBK gbk.csv | tail -n +2 >forced.body
same_file "--encoding GBK" u8.body forced.body
"$DZ" ingest -k dibao -p 2024-06 --encoding UTF-8 --quality q2.csv gbk.csv >/dev/null 2>err.txt
check "--encoding UTF-8 on GBK: header not found, exit 3" test $? = 3
check "--encoding UTF-8 on GBK: message" grep -q "^dz: ingest: 'gbk.csv': no 证件号码 for kind dibao" err.txt
# GBK text only after the first 64 KiB (ASCII title rows): decided on the
# first non-ASCII field
awk 'BEGIN { for (i = 1; i <= 19; i++) { s = "title"; while (length(s) < 4000) s = s "."; print s } }' >late.csv
tail -n +2 u8.csv | iconv -f UTF-8 -t GBK >>late.csv
ing late.csv | tail -n +2 | sed 's/^2[12]	/X	/' >late.body
sed 's/^[34]	/X	/' u8.body >late.want
same_file "GBK after 76 KB of ASCII is detected" late.want late.body
"$DZ" ingest -q -k dibao -p 2024-06 --encoding UTF-8 late.csv >/dev/null 2>err.txt
check "the same file with --encoding UTF-8: header mangled, exit 3" test $? = 3
check "a long title row is cut in the message" grep -q "^dz: ingest: 'late.csv': no 证件号码 for kind dibao in the first 20 rows; headers found (row 1): title\\.*\\.\\.\\.\$" err.txt

# invalid bytes in UTF-8 text: replaced, DQ09 per mapped column, one for the rest
{ cat u8.csv; printf '%s,王\377五,城关镇,东关村,正常,,,\376备注\n' "$A"; } | sed '2s/$/,备注/' >bad.csv
sed -i '3s/$/,/; 4s/$/,/' bad.csv
"$DZ" ingest -k dibao -p 2024-06 --quality q5.csv bad.csv >bad.rec 2>err.txt
check "invalid bytes: exit 0" test $? = 0
check "invalid bytes: replaced by U+FFFD" grep -q "^5	$A	王�五	" bad.rec
$PY "$TOP/tests/csvcol.py" q5.csv 行号,列,代码 >q5.tsv
printf '5\t姓名\tDQ09\n5\t\tDQ09\n' >q5.want
same_file "invalid bytes: DQ09 on 姓名 and one without column" q5.want q5.tsv

# unknown encoding name: a usage error
"$DZ" ingest -k dibao -p 2024-06 --encoding KLINGON u8.csv >/dev/null 2>err.txt
check "unknown encoding: exit 2" test $? = 2
check "unknown encoding: message" grep -qx "dz: ingest: unknown encoding 'KLINGON' (try UTF-8, GB18030 or GBK)" err.txt
