#!/bin/sh
# dz run on small hand-made inputs: township names that try to escape OUT,
# formula injection, reject threshold, config errors, absent sources,
# missing key column, unwritable OUT.
. "$(dirname "$0")/lib.sh"
id() { $PY "$TOP/tests/mkid.py" "$@"; }
A=$(id 410101 19800101 011); B=$(id 410101 19810202 022); C=$(id 410101 19820303 031)
D=$(id 410101 19830404 042); E=$(id 410101 19840505 051)
ctl=$(printf 't\001ab')
mkdir -p "$T/in"
cat >"$T/in/roster.csv" <<CSV
证件号码,姓名,乡镇,行政村,户编号,与户主关系,是否参加城乡居民基本医疗保险
$A,张三,../../x,一村,H1,户主,是
$B,"=HYPERLINK(""http://x"",""y"")",a/b,二村,H2,户主,是
$C,王五,$ctl,三村,H3,户主,是
$D,赵六,..,四村,H4,户主,是
$E,钱七,正常镇,五村,H5,户主,是
CSV
cat >"$T/in/med.csv" <<CSV
证件号码,姓名,乡镇,行政村,参保状态,参保年度
$B,李四,a/b,二村,正常参保,2024
$E,钱七,正常镇,五村,正常参保,2024
CSV
OUT="$T/out/o1"
(cd "$T" && "$DZ" run -q --period 2024-06 --roster in/roster.csv --source med_enroll=in/med.csv --out out/o1)
check "run with hostile township names completes" test $? = 0
P="$OUT/2024-06/push"
check "push/ delivered" test -d "$P"
# nothing outside OUT: the only entries of $T are in/ and out/
check "no file escapes OUT" test "$(ls -A "$T" | tr '\n' ' ')" = "in out "
check "OUT/P holds only the reports and push/" test "$(ls -A "$OUT/2024-06" | tr '\n' ' ')" = "checks.csv checks.xlsx mismatches.csv mismatches.xlsx push quality.csv quality.xlsx resolved.csv resolved.xlsx summary.csv summary.xlsx warnings.csv warnings.xlsx "
# every package is exactly one level below push/, names sanitized
bad=$(cd "$P" && find . -mindepth 1 -maxdepth 1 | grep -E '^\./(\.|.*/)' )
check "package folders are single sanitized names" test -z "$bad"
check "'../../x' becomes a folder inside push/" test -d "$P/______x"
check "'a/b' becomes a_b" test -d "$P/a_b"
check "control character replaced (U+FFFD at ingest, DQ09: SPEC §4)" test -d "$P/t�ab"
check "'..' becomes __" test -d "$P/__"
check "a roster township without findings still gets its (empty) package" test -f "$P/正常镇/预警名单.xlsx"
check "its lists hold only the header" test "$($PY "$TOP/tests/xlsxcol.py" "$P/正常镇/不符明细.xlsx" --all | wc -l)" = 0
# each package holds only its own township's rows
allok=1
for d in "$P"/*/; do
	for f in "$d"预警名单.xlsx "$d"不符明细.xlsx; do
		[ -f "$f" ] || { allok=0; continue; }
		n=$($PY "$TOP/tests/xlsxcol.py" "$f" 乡镇 | sort -u | wc -l)
		[ "$n" -le 1 ] || allok=0
	done
done
check "each package holds one township's rows" test $allok = 1
check "../../x package holds A's ZZ01" sh -c "$PY '$TOP/tests/xlsxcol.py' '$P/______x/不符明细.xlsx' 证件号码 | grep -q '$A'"
check "a/b package does not hold A" sh -c "test -f '$P/a_b/不符明细.xlsx' && ! $PY '$TOP/tests/xlsxcol.py' '$P/a_b/不符明细.xlsx' 证件号码 | grep -q '$A'"
# formula injection neutralized in every CSV
ncsv=$(find "$OUT" -name '*.csv' | wc -l)
cells=$(for f in $(find "$OUT" -name '*.csv'); do $PY "$TOP/tests/csvcol.py" "$f" --all; done | tr '\t' '\n' | grep -c '^[=+@-]')
check "no CSV cell starts with = + - @ ($ncsv CSV files)" test "$cells" = 0 -a "$ncsv" -gt 3
check "HYPERLINK name kept, neutralized" grep -q "'=HYPERLINK" "$OUT/2024-06/mismatches.csv"
# rules whose source is absent are reported as not evaluated
line=$($PY "$TOP/tests/csvcol.py" "$OUT/2024-06/summary.csv" 规则编号,执行情况 | grep '^ZZ03')
check "ZZ03 not evaluated without dibao: $line" sh -c "echo '$line' | grep -q '未执行.*dibao'"
line=$($PY "$TOP/tests/csvcol.py" "$OUT/2024-06/summary.csv" 规则编号,执行情况 | grep '^ZZ01')
check "ZZ01 evaluated: $line" sh -c "echo '$line' | grep -q '已执行'"

# reject threshold: 2 of 10 rows with broken IDs (20% > 5%) -> exit 3, reports, no push/
{ echo "证件号码,姓名,乡镇,行政村,参保状态,参保年度"
  for i in 1 2 3 4 5 6 7 8; do echo "$(id 410101 1990010$i 01$i),人$i,正常镇,五村,正常参保,2024"; done
  echo "4.10522E+17,坏一,正常镇,五村,正常参保,2024"
  echo "12345,坏二,正常镇,五村,正常参保,2024"; } >"$T/in/med_bad.csv"
"$DZ" run -q --period 2024-06 --roster "$T/in/roster.csv" --source med_enroll="$T/in/med_bad.csv" --out "$T/o2" 2>"$T/err2"
check "reject threshold exceeded -> exit 3" test $? = 3
check "reports of the failed run in OUT/P.failed" test -f "$T/o2/2024-06.failed/mismatches.csv" -a -f "$T/o2/2024-06.failed/quality.csv" -a -f "$T/o2/2024-06.failed/summary.csv" -a -f "$T/o2/2024-06.failed/summary.xlsx"
check "no push/ in P.failed" test ! -e "$T/o2/2024-06.failed/push"
check "no OUT/P after a failed first run" test ! -e "$T/o2/2024-06"
check "message names the file" grep -q "med_bad.csv" "$T/err2"
check "message names the P.failed folder" grep -q "reports are in '$T/o2/2024-06.failed'" "$T/err2"
# a later complete run removes P.failed; a failing rerun leaves OUT/P and its push/ as they were
"$DZ" run -q --period 2024-06 --roster "$T/in/roster.csv" --source med_enroll="$T/in/med.csv" --out "$T/o2"
check "good run delivers push/" test -d "$T/o2/2024-06/push"
check "good run removes P.failed" test ! -e "$T/o2/2024-06.failed"
(cd "$T/o2" && find 2024-06 -type f | sort | xargs md5sum) >"$T/before2"
"$DZ" run -q --period 2024-06 --roster "$T/in/roster.csv" --source med_enroll="$T/in/med_bad.csv" --out "$T/o2" 2>/dev/null
check "failing rerun: exit 3" test $? = 3
(cd "$T/o2" && find 2024-06 -type f | sort | xargs md5sum) >"$T/after2"
same_file "failing rerun leaves OUT/P, push/ included, as it was" "$T/before2" "$T/after2"
check "failing rerun publishes P.failed" test -f "$T/o2/2024-06.failed/summary.csv"
check "OUT holds only P, P.failed and the ledger" test "$(ls -A "$T/o2" | tr '\n' ' ')" = "2024-06 2024-06.failed dz-ledger.sqlite "
# --set max_reject_pct=25 lets it through
"$DZ" run -q --period 2024-06 --roster "$T/in/roster.csv" --source med_enroll="$T/in/med_bad.csv" --set max_reject_pct=25 --out "$T/o3"
check "max_reject_pct=25 accepts 20% rejects" test $? = 0

# missing key column -> exit 3, message names file and headers found
printf '姓名,乡镇\n张三,正常镇\n' >"$T/in/noid.csv"
"$DZ" run -q --period 2024-06 --roster "$T/in/roster.csv" --source dibao="$T/in/noid.csv" --out "$T/o4" 2>"$T/err4"
check "missing ID column -> exit 3" test $? = 3
check "message names the file" grep -q "noid.csv" "$T/err4"
check "no push/ after missing key column" test ! -e "$T/o4/2024-06/push"

# config error -> exit 2 naming file and line
cat >"$T/bad.ini" <<INI
[run]
period = 2024-06
income_drop_pct = lots
[source roster]
kind = roster
file = in/roster.csv
INI
"$DZ" run "$T/bad.ini" 2>"$T/err5"
check "config error -> exit 2" test $? = 2
check "config error names file and line 3: $(head -1 "$T/err5")" grep -q "bad.ini.*3" "$T/err5"
# relative paths resolve against the config's folder (run from elsewhere)
cat >"$T/good.ini" <<INI
[run]
period = 2024-06
out = o6
[source roster]
kind = roster
file = in/roster.csv
[source 医保]
kind = med_enroll
file = in/med.csv
INI
(cd / && "$DZ" run -q "$T/good.ini" --out "$T/o6")
check "config with relative paths runs from another folder" test $? = 0
cols=规则编号,乡镇,行政村,户编号,姓名,证件号码,系统值,部门值,来源位置,说明
$PY "$TOP/tests/csvcol.py" "$T/o6/2024-06/mismatches.csv" $cols >"$T/m6"
$PY "$TOP/tests/csvcol.py" "$OUT/2024-06/mismatches.csv" $cols >"$T/m1"
same_file "config form = no-config form (mismatches)" "$T/m6" "$T/m1"

# unwritable OUT -> exit 1
"$DZ" run -q --period 2024-06 --roster "$T/in/roster.csv" --out /proc/dz-cannot-write 2>/dev/null
check "unwritable OUT -> exit 1" test $? = 1
# usage errors -> exit 2
"$DZ" run --period 2024-13 --roster "$T/in/roster.csv" --out "$T/o7" 2>/dev/null
check "bad period -> exit 2" test $? = 2
"$DZ" run --period 2024-06 --source bogus="$T/in/med.csv" --roster "$T/in/roster.csv" --out "$T/o7" 2>/dev/null
check "unknown kind -> exit 2" test $? = 2
