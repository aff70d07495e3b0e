#!/bin/sh
# t117: XML exports whose records carry their fields as attributes are
# recognized whatever the size of the first record (#14 item 3b): a first
# <ROW> of 70 KiB and one of 3 MiB (a long 备注 attribute, which is over the
# 1 MiB field limit: that row is DQ08, the others are records).  Before, a
# first record over the 64 KiB looked at gave "empty file".
. "$(dirname "$0")/lib.sh"
id() { $PY "$TOP/tests/mkid.py" "$@"; }
A=$(id 410101 19800101 011); B=$(id 410101 19810202 022)
cd "$T"
for size in 70000 3000000; do
	$PY - "$A" "$B" $size >big$size.xml <<'PY'
import sys
a, b, size = sys.argv[1], sys.argv[2], int(sys.argv[3])
print('<?xml version="1.0" encoding="UTF-8"?>\n<DATA>')
print('<ROW 证件号码="%s" 姓名="张三" 死亡日期="2024-06-01" 备注="%s"/>' % (a, "长" * (size // 3)))
print('<ROW 证件号码="%s" 姓名="李四" 死亡日期="2024-06-02" 备注="b"/>' % b)
print('</DATA>')
PY
done
"$DZ" ingest -q -k death -p 2024-06 big70000.xml >a.rec 2>err
check "70 KiB first record: exit 0" test $? = 0
check "70 KiB first record: both records" test "$(grep -c '^[12]	' a.rec)" = 2
check "70 KiB first record: the first" grep -qx "1	$A	张三	2024-06-01" a.rec
"$DZ" ingest -q -k death -p 2024-06 -m 100 -Q q.csv big3000000.xml >b.rec 2>err
check "3 MiB first record: exit 0" test $? = 0
check "3 MiB first record: the second record read" grep -qx "2	$B	李四	2024-06-02" b.rec
check "3 MiB first record: the first is DQ08 (field over 1 MiB)" grep -q '^"death","big3000000.xml","1",.*"DQ08"' q.csv
gzip -c big70000.xml | "$DZ" ingest -q -k death -p 2024-06 - >c.rec 2>err
check "gzip'd on stdin: the same records" test "$(tail -n +2 c.rec)" = "$(tail -n +2 a.rec)"
