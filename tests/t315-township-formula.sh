#!/bin/sh
# Township names beginning with = + - @ (issue #8 item 7): the CSVs
# neutralize them for spreadsheets, but every township keeps one name and
# gets one package, in the findings and the summary alike, whether the
# packages come from dz run or from dz push reading the CSVs back.
. "$(dirname "$0")/lib.sh"
id() { $PY "$TOP/tests/mkid.py" "$@"; }
A=$(id 410101 19800101 011); B=$(id 410101 19810202 022); C=$(id 410101 19820303 031)
D=$(id 410101 19830404 042); E=$(id 410101 19840505 051); F=$(id 410101 19850606 061)
mkdir -p "$T/in"
cat >"$T/in/roster.csv" <<CSV
证件号码,姓名,乡镇,行政村,户编号,与户主关系,是否参加城乡居民基本医疗保险
$A,张三,-城关镇,一村,H1,户主,是
$B,李四,=SUM(1)镇,二村,H2,户主,是
$C,王五,+河乡,三村,H3,户主,是
$D,赵六,@山乡,四村,H4,户主,是
$E,钱七,'-桥镇,五村,H5,户主,是
$F,孙八,平安镇,六村,H6,户主,是
CSV
printf '证件号码,姓名,参保状态,参保年度\n%s,孙八,正常参保,2024\n' "$F" >"$T/in/med.csv"
"$DZ" run -q --period 2024-06 --roster "$T/in/roster.csv" --source med_enroll="$T/in/med.csv" --out "$T/o" --date 2024-07-01
check "run exits 0" test $? = 0
want="'-桥镇 +河乡 -城关镇 =SUM(1)镇 @山乡 平安镇"
got=$(ls "$T/o/2024-06/push" | LC_ALL=C sort | tr '\n' ' ' | sed 's/ $//')
exp=$(printf '%s\n' $want | LC_ALL=C sort | tr '\n' ' ' | sed 's/ $//')
check "dz run: one package per township ($got)" test "$got" = "$exp"
(cd "$T/o/2024-06/push" && find . -type f | LC_ALL=C sort) >"$T/run.files"
rm -rf "$T/o/2024-06/push"
"$DZ" push -q --period 2024-06 --out "$T/o" --date 2024-07-01
check "dz push exits 0" test $? = 0
(cd "$T/o/2024-06/push" && find . -type f | LC_ALL=C sort) >"$T/push.files"
same_file "dz push: the same packages as dz run (no second, neutralized name)" "$T/run.files" "$T/push.files"
$PY - "$T/o/2024-06" <<'PYEOF'
import os, sys, openpyxl
root = sys.argv[1]
def ok(c, what):
    print(("ok - " if c else "not ok - ") + what)
towns = sorted(os.listdir(os.path.join(root, "push")))
for t in towns:
    ws = openpyxl.load_workbook(os.path.join(root, "push", t, "不符明细.xlsx")).worksheets[0]
    rows = list(ws.iter_rows(values_only=True))
    ok(rows[0][0].startswith(t + " "), "package %s: title names the township as is (%s)" % (t, rows[0][0]))
    k = rows[1].index("乡镇")
    ok(all(r[k] == t for r in rows[2:]), "package %s: rows carry the same name" % t)
ws = openpyxl.load_workbook(os.path.join(root, "summary.xlsx")).worksheets[0]
hrow = list(ws.iter_rows(values_only=True))[1]
hdr = [c for c in hrow[hrow.index("已消除") + 1:] if c]   # the townships follow the state columns
ok(sorted(hdr) == towns, "summary.xlsx: township columns = package names (%s)" % hdr)
PYEOF
# the CSVs stay neutralized for spreadsheets
check "mismatches.csv neutralizes '-城关镇'" grep -q "\"'-城关镇\"" "$T/o/2024-06/mismatches.csv"
check "summary.csv neutralizes '=SUM(1)镇'" grep -q "\"'=SUM(1)镇\"" "$T/o/2024-06/summary.csv"
