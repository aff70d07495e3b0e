#!/bin/sh
# An unterminated quote (SPEC §5 DQ08): the line it opened on is one
# malformed row; the lines after it are read again as records with their
# own row numbers, so every row is used or reported (read = used + rejected).
# A quote left open on the last line runs to the end of the file (t106).
. "$(dirname "$0")/lib.sh"
id() { $PY "$TOP/tests/mkid.py" "$@"; }
A=$(id 410101 19800101 011); B=$(id 410101 19810202 022); C=$(id 410101 19820303 031)
D=$(id 410101 19830404 041); E=$(id 410101 19840505 051)
cd "$T"

# header + 4 rows, the quote in row 3 never closes
printf '证件号码,姓名,死亡日期\n%s,张三,2024-06-01\n%s,"李四,2024-06-02\n%s,王五,2024-06-03\n%s,赵六,2024-06-04\n' \
	"$A" "$B" "$C" "$D" >one.csv
"$DZ" ingest -k death -p 2024-06 --quality q1.csv --max-reject 50 one.csv >one.rec 2>err1.txt
check "one open quote: exit 0" test $? = 0
printf '_row\tid\tname\tdate\n2\t%s\t张三\t2024-06-01\n4\t%s\t王五\t2024-06-03\n5\t%s\t赵六\t2024-06-04\n#end\tread=4\tused=3\trejected=1\tDQ08=1\n' \
	"$A" "$C" "$D" >one.want
tail -n +2 one.rec >one.body
same_file "one open quote: the rows after it are used, with their own numbers" one.want one.body
$PY "$TOP/tests/csvcol.py" q1.csv 行号,代码,说明 >q1.tsv
printf '3\tDQ08\t行格式错误：引号未闭合\n' >q1.want
same_file "one open quote: DQ08 on row 3 only" q1.want q1.tsv
check "one open quote: warning" \
	grep -qx "dz: ingest: warning: 'one.csv': row 3: unterminated quote; line 3 read as one malformed row, reading goes on at line 4" err1.txt

# CRLF; a legitimate quoted line break (rows 2-3), then two open quotes
printf '证件号码,姓名,死亡日期\r\n%s,"张\n三",2024-06-01\r\n%s,"李四,2024-06-02\r\n%s,王五,2024-06-03\r\n%s,"赵六,2024-06-04\r\n%s,孙七,2024-06-05\r\n' \
	"$A" "$B" "$C" "$D" "$E" >two.csv
"$DZ" ingest -k death -p 2024-06 --quality q2.csv --max-reject 50 two.csv >two.rec 2>err2.txt
check "two open quotes: exit 0" test $? = 0
printf '_row\tid\tname\tdate\n2\t%s\t张 三\t2024-06-01\n5\t%s\t王五\t2024-06-03\n7\t%s\t孙七\t2024-06-05\n#end\tread=5\tused=3\trejected=2\tDQ08=2\n' \
	"$A" "$C" "$E" >two.want
tail -n +2 two.rec >two.body
same_file "two open quotes: records and row numbers" two.want two.body
$PY "$TOP/tests/csvcol.py" q2.csv 行号,代码,说明 >q2.tsv
printf '4\tDQ08\t行格式错误：引号未闭合\n6\tDQ08\t行格式错误：引号未闭合\n' >q2.want
same_file "two open quotes: DQ08 on rows 4 and 6" q2.want q2.tsv
printf "dz: ingest: warning: 'two.csv': row 4: unterminated quote; line 4 read as one malformed row, reading goes on at line 5\ndz: ingest: warning: 'two.csv': row 6: unterminated quote; line 6 read as one malformed row, reading goes on at line 7\n" >err2.want
grep warning: err2.txt >err2.got
same_file "two open quotes: two warnings" err2.want err2.got

# the same bytes gzipped and on stdin
gzip -c two.csv >two.csv.gz
"$DZ" ingest -q -k death -p 2024-06 --max-reject 50 two.csv.gz | tail -n +2 >gz.body
same_file "two open quotes, gzipped: same records" two.want gz.body
"$DZ" ingest -q -k death -p 2024-06 --max-reject 50 - <two.csv | tail -n +2 >stdin.body
same_file "two open quotes, stdin: same records" two.want stdin.body
