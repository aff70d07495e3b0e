#!/bin/sh
# t112: dates and amounts as departments save them (SPEC §4 "xlsx cells",
# "A column that cannot be read"): a workbook in the 1904 date system has
# its serial dates read right (before: 1462 days early, with a warning); a
# date-formatted number in an amount column is DQ11, its text kept; a CSV
# whose dates were re-saved as 6/1/21 fails the source (exit 3, naming the
# column, three samples and the formats read) instead of silently switching
# the rules on that date off; below 10 values it stays DQ11 per row.
. "$(dirname "$0")/lib.sh"
id() { $PY "$TOP/tests/mkid.py" "$@"; }
A=$(id 410101 19800101 011); B=$(id 410101 19810202 022)
cd "$T"
$PY - "$A" "$B" <<'PY'
import sys, datetime, openpyxl
from openpyxl.utils.datetime import CALENDAR_MAC_1904
A, B = sys.argv[1:3]
for name, epoch in (("d1904.xlsx", CALENDAR_MAC_1904), ("d1900.xlsx", None)):
    wb = openpyxl.Workbook()
    if epoch:
        wb.epoch = epoch
    ws = wb.active
    ws.append(["证件号码", "批准日期", "月保障金"])
    ws.append([A, datetime.date(2024, 6, 3), 500])
    ws.append([B, 20240605, datetime.date(2024, 1, 1)])   # a YYYYMMDD number; a date as the amount
    wb.save(name)
PY
for f in d1904 d1900; do
	"$DZ" ingest -k dibao -p 2024-06 -Q $f.q $f.xlsx >$f.rec 2>$f.err
	check "$f: exit 0" test $? = 0
	check "$f: serial date read as 2024-06-03" grep -qx "2	$A	2024-06-03	500.00" $f.rec
	check "$f: YYYYMMDD number read; the date-formatted amount unknown, its text kept" \
		grep -q "^3	$B	2024-06-05	?[0-9][0-9]*\$" $f.rec
	check "$f: DQ11 with a note on the date-formatted amount" \
		grep -q '^"dibao","'$f'.xlsx","3","月保障金","[0-9]*","DQ11","单元格是日期格式，不是金额（按未知处理）"' $f.q
	check "$f: no warning about the date system" test -z "$(grep 'date system' $f.err)"
done

# dates re-saved as 6/1/21: 12 of 12 unreadable -> the source fails
{
	echo "证件号码,姓名,批准日期,月保障金"
	i=1
	while [ $i -le 12 ]; do
		echo "$($PY "$TOP/tests/mkid.py" 410101 19800101 $((100 + i))),人$i,6/$i/21,300"
		i=$((i + 1))
	done
} >resaved.csv
"$DZ" ingest -q -k dibao -p 2024-06 resaved.csv >resaved.rec 2>err
check "6/1/21 dates: exit 3" test $? = 3
check "6/1/21 dates: message names the column, samples and formats" grep -qx \
	"dz: ingest: 'resaved.csv': column 批准日期 (start_date) cannot be read: 12 of its 12 values are not understood (e.g. '6/1/21', '6/2/21', '6/3/21'); dates are read as 2024-06-30, 2024/6/30, 2024.6.30, 20240630, 2024年6月30日, 202406 or spreadsheet date cells" err
check "6/1/21 dates: the stream says it failed" grep -q "	fatal=3" resaved.rec

# the same in dz run: exit 3, nothing pushed
cut -d, -f1,2 resaved.csv | sed '1s/.*/证件号码,姓名,乡镇,行政村,户编号,与户主关系/; 2,$s/$/,城关镇,东关村,H1,户主/' >roster.csv
"$DZ" run -q --period 2024-06 --out out --roster roster.csv --source dibao=resaved.csv >/dev/null 2>err
check "dz run: exit 3" test $? = 3
check "dz run: nothing pushed" test ! -d out/2024-06/push
check "dz run: the message" grep -q "column 批准日期 (start_date) cannot be read" err

# 9 unreadable values are too few to judge the column: DQ11 per row
head -10 resaved.csv >few.csv
"$DZ" ingest -q -k dibao -p 2024-06 -m 100 -Q few.q few.csv >few.rec 2>err
check "9 values: exit 0" test $? = 0
check "9 values: DQ11 on each" test "$(grep -c '"DQ11"' few.q)" = 9

# 10 values, 5 of them unreadable: half is enough
{
	head -6 resaved.csv
	i=1
	while [ $i -le 5 ]; do
		echo "$($PY "$TOP/tests/mkid.py" 410101 19800101 $((200 + i))),人$i,2024-06-0$i,300"
		i=$((i + 1))
	done
} >half.csv
"$DZ" ingest -q -k dibao -p 2024-06 -m 100 half.csv >/dev/null 2>err
check "5 of 10 unreadable: exit 3" test $? = 3
check "5 of 10 unreadable: message" grep -q "cannot be read: 5 of its 10 values" err
