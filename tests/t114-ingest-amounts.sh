#!/bin/sh
# t114: amounts in CSV text (SPEC §4, #8 item 11): a comma separates
# thousands, so "1,2,3" is not 123.00 and "12,34" not 1234.00 (before,
# every comma was dropped); "1e3" is not an amount in text (before 1000.00;
# exponents come only from numeric spreadsheet cells); "12,345.67" stays.
. "$(dirname "$0")/lib.sh"
id() { $PY "$TOP/tests/mkid.py" "$@"; }
A=$(id 410101 19800101 011); B=$(id 410101 19810202 022); C=$(id 410101 19820303 031); D=$(id 410101 19830404 041)
cd "$T"
printf '证件号码,救助金额\n%s,"1,2,3"\n%s,1e3\n%s,"12,345.67"\n%s,"12,34"\n' "$A" "$B" "$C" "$D" >m.csv
"$DZ" ingest -q -k relief -p 2024-06 -m 100 -Q q.csv m.csv >m.rec 2>err
check "exit 0" test $? = 0
check "1,2,3 unknown, text kept" grep -qx "2	$A	?1,2,3" m.rec
check "1e3 unknown, text kept" grep -qx "3	$B	?1e3" m.rec
check "12,345.67 read" grep -qx "4	$C	12345.67" m.rec
check "12,34 unknown" grep -qx "5	$D	?12,34" m.rec
check "three DQ11" test "$(grep -c '"DQ11"' q.csv)" = 3
