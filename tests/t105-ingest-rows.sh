#!/bin/sh
# Row numbers (行号) as SPEC §5 defines them: for CSV the line on which the
# record starts, title, header and blank lines counted, quoted line breaks
# advancing the count; stdin; xlsx arriving on stdin or inside gzip.
. "$(dirname "$0")/lib.sh"
id() { $PY "$TOP/tests/mkid.py" "$@"; }
A=$(id 410101 19800101 011); B=$(id 410101 19810202 022); C=$(id 410101 19820303 031)
cd "$T"
# line: 1 title, 2 title, 3 blank, 4 header, 5-7 A (two quoted breaks),
# 8 blank, 9 bad ID, 10-11 B (a quoted CRLF), 12 C
printf '临时救助发放名单\r\n制表：民政局,,\r\n\r\n证件号码,姓名,救助金额,救助日期\r\n%s,"张\n三\n丰",500,2024-06-03\r\n\r\n12345,李四,100,2024-06-04\r\n%s,"李\r\n四",200,2024-06-05\r\n%s,王五,300,2024-06-06' \
	"$A" "$B" "$C" >relief.csv
"$DZ" ingest -q -k relief -p 2024-06 --quality q.csv --max-reject 50 relief.csv >out.rec
check "exit 0" test $? = 0
cut -f1,2 out.rec | sed -n '3,5p' >rows.txt
printf '5\t%s\n10\t%s\n12\t%s\n' "$A" "$B" "$C" >rows.want
same_file "row numbers of used rows" rows.want rows.txt
check "line breaks inside values become spaces" grep -q "^5	$A	张 三 丰	" out.rec
$PY "$TOP/tests/csvcol.py" q.csv 行号,列,原始值,代码 >q.tsv
printf '9\t证件号码\t12345\tDQ02\n' >q.want
same_file "row number of the rejected row" q.want q.tsv

# the same from stdin
"$DZ" ingest -q -k relief -p 2024-06 --max-reject 50 - <relief.csv | tail -n +2 >stdin.body
tail -n +2 out.rec >file.body
same_file "stdin ('-') gives the same records" file.body stdin.body
cat relief.csv | "$DZ" ingest -q -k relief -p 2024-06 --max-reject 50 - | tail -n +2 >pipe.body
same_file "a pipe gives the same records" file.body pipe.body

# --header-row: the given row is the header even if an earlier row scores
printf '证件号码,备注\n说明行,\n证件号码,姓名,救助金额\n%s,张三,1\n' "$A" >hr.csv
"$DZ" ingest -q -k relief -p 2024-06 --header-row 3 hr.csv >hr.rec
check "--header-row 3: exit 0" test $? = 0
check "--header-row 3: columns from row 3" grep -q "^_row	id	name	amount\$" hr.rec
check "--header-row 3: data row 4" grep -q "^4	$A	张三	1.00\$" hr.rec
"$DZ" ingest -k relief -p 2024-06 --header-row 2 hr.csv >/dev/null 2>err.txt
check "--header-row 2: exit 3" test $? = 3
check "--header-row 2: message" grep -qx "dz: ingest: 'hr.csv': no 证件号码 for kind relief in row 2; headers found (row 2): 说明行" err.txt

# xlsx: by path, on stdin, and gzipped: the same records (sheet row numbers)
$PY - "$A" "$B" <<'PY'
import sys, openpyxl
wb = openpyxl.Workbook(); ws = wb.active
ws.append(["临时救助发放名单"])
ws.append([])
ws.append(["证件号码", "姓名", "救助金额", "救助日期"])
ws.append([sys.argv[1], "张三", 500, "2024-06-03"])
ws.append([sys.argv[2], "李四", 200.5, "2024/6/5"])
wb.save("relief.xlsx")
ws.append([int(sys.argv[1]), "王五", 1, "2024-06-07"])   # an ID stored as a number
wb.save("numid.xlsx")
PY
"$DZ" ingest -q -k relief -p 2024-06 relief.xlsx >x1.rec
check "xlsx by path: exit 0" test $? = 0
printf '_row\tid\tname\tamount\tdate\n4\t%s\t张三\t500.00\t2024-06-03\n5\t%s\t李四\t200.50\t2024-06-05\n#end\tread=2\tused=2\trejected=0\n' "$A" "$B" >x.want
tail -n +2 x1.rec >x1.body
same_file "xlsx records" x.want x1.body
"$DZ" ingest -q -k relief -p 2024-06 - <relief.xlsx | tail -n +2 >x2.body
same_file "xlsx on stdin" x.want x2.body
gzip -c relief.xlsx >relief.xlsx.gz
"$DZ" ingest -q -k relief -p 2024-06 relief.xlsx.gz | tail -n +2 >x3.body
same_file "gzipped xlsx" x.want x3.body
gzip -c relief.xlsx | TMPDIR="$T/tmp" "$DZ" ingest -q -k relief -p 2024-06 - 2>err.txt | tail -n +2 >x4.body
check "gzipped xlsx on stdin, temporary folder missing: message" \
	grep -q "^dz: ingest: 'stdin': cannot create a temporary file in $T/tmp: " err.txt
mkdir tmp
gzip -c relief.xlsx | TMPDIR="$T/tmp" "$DZ" ingest -q -k relief -p 2024-06 - | tail -n +2 >x5.body
same_file "gzipped xlsx on stdin" x.want x5.body
check "the temporary copy is removed" test -z "$(ls -A tmp)"

# an ID stored as a number in xlsx is DQ05, whatever digits it shows
"$DZ" ingest -q -k relief -p 2024-06 --quality qn.csv --max-reject 50 numid.xlsx >/dev/null
check "numeric ID cell: exit 0 under --max-reject 50" test $? = 0
$PY "$TOP/tests/csvcol.py" qn.csv 行号,列,代码 >qn.tsv
printf '6\t证件号码\tDQ05\n' >qn.want
same_file "numeric ID cell: DQ05 on sheet row 6" qn.want qn.tsv
