#!/bin/sh
# dz push never builds packages from the reports of a run that did not
# complete (SPEC §6, issue #8 item 1): not from OUT/P.failed, not from any
# reports whose summary records a failed source; exit 3 naming the source.
# Also the chain dz ingest -> dz check -> dz push.
. "$(dirname "$0")/lib.sh"
id() { $PY "$TOP/tests/mkid.py" "$@"; }
A=$(id 410101 19800101 011); B=$(id 410101 19810202 022)
mkdir -p "$T/in"
cat >"$T/in/roster.csv" <<CSV
证件号码,姓名,乡镇,行政村,户编号,与户主关系,是否参加城乡居民基本医疗保险
$A,张三,城关镇,一村,H1,户主,是
$B,李四,城关镇,二村,H2,户主,是
CSV
# 1 of 2 rows with an ID ruined by a spreadsheet: 50% rejected > 5%
cat >"$T/in/med.csv" <<CSV
证件号码,姓名,乡镇,行政村,参保状态,参保年度
$A,张三,城关镇,一村,正常参保,2024
4.10522E+17,李四,城关镇,二村,正常参保,2024
CSV
cat >"$T/in/med_ok.csv" <<CSV
证件号码,姓名,乡镇,行政村,参保状态,参保年度
$A,张三,城关镇,一村,正常参保,2024
CSV
cat >"$T/in/county.ini" <<INI
[run]
period = 2024-06
[source roster]
kind = roster
file = roster.csv
[source 医保参保]
kind = med_enroll
file = med.csv
INI
"$DZ" run -q "$T/in/county.ini" --out "$T/o" 2>"$T/e1"
check "run with 1 of 2 med_enroll rows broken: exit 3" test $? = 3
check "nothing pushed" test ! -e "$T/o/2024-06/push" -a ! -e "$T/o/2024-06.failed/push"
"$DZ" push --period 2024-06 --out "$T/o" 2>"$T/e2"
rc=$?
check "dz push after the failed run: exit 3 (got $rc)" test $rc = 3
check "dz push names the failed source: $(cat "$T/e2")" grep -q "source 医保参保 (med.csv)" "$T/e2"
check "dz push names P.failed" grep -q "2024-06.failed" "$T/e2"
check "exactly one message line" test "$(wc -l <"$T/e2")" = 1
check "no push/ anywhere" test -z "$(find "$T/o" -name push)"

# a complete run, then a failing one: OUT/P is the complete run's, but the
# newest run failed, so dz push refuses until a run of P completes again
"$DZ" run -q --period 2024-06 --roster "$T/in/roster.csv" --source med_enroll="$T/in/med_ok.csv" --out "$T/o2"
check "complete run: exit 0" test $? = 0
"$DZ" run -q --period 2024-06 --roster "$T/in/roster.csv" --source med_enroll="$T/in/med.csv" --out "$T/o2" 2>/dev/null
check "failing rerun: exit 3" test $? = 3
(cd "$T/o2" && find . -type f | sort | xargs md5sum) >"$T/before"
"$DZ" push -q --period 2024-06 --out "$T/o2" 2>"$T/e3"
check "dz push while P.failed is the newest run: exit 3" test $? = 3
check "... naming the source: $(cat "$T/e3")" grep -q "source med_enroll (med.csv)" "$T/e3"
(cd "$T/o2" && find . -type f | sort | xargs md5sum) >"$T/after"
same_file "... and changing nothing" "$T/before" "$T/after"

# reports whose summary records a failed source, wherever they are
mkdir -p "$T/o3"
cp -a "$T/o/2024-06.failed" "$T/o3/2024-06"
"$DZ" push -q --period 2024-06 --out "$T/o3" 2>"$T/e4"
check "reports whose summary records a failed source: exit 3" test $? = 3
check "... naming the source: $(cat "$T/e4")" grep -q "source 医保参保 (med.csv)" "$T/e4"
check "... no push/" test ! -e "$T/o3/2024-06/push"
rm "$T/o3/2024-06/summary.csv"
"$DZ" push -q --period 2024-06 --out "$T/o3" 2>"$T/e5"
check "reports without summary.csv: exit 3 (nothing tells they are whole)" test $? = 3
check "... message: $(cat "$T/e5")" grep -q "summary.csv" "$T/e5"

# the chain dz ingest -> dz check -> dz push
"$DZ" ingest -q --kind roster --period 2024-06 "$T/in/roster.csv" >"$T/r.rec"
"$DZ" ingest -q --kind med_enroll --name 医保参保 --period 2024-06 "$T/in/med.csv" >"$T/m.rec" 2>/dev/null
"$DZ" check -q --period 2024-06 --out "$T/c" "$T/r.rec" "$T/m.rec" 2>/dev/null
check "dz check over the stream with 50% rejected rows: exit 3" test $? = 3
"$DZ" push -q --period 2024-06 --out "$T/c" 2>"$T/e6"
check "dz push after that dz check: exit 3" test $? = 3
check "... naming the source: $(cat "$T/e6")" grep -q "source 医保参保" "$T/e6"
check "no push/ after the chain" test -z "$(find "$T/c" -name push)"
