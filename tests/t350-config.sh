#!/bin/sh
# dz run with a config file: relative paths resolve against the config's
# folder, [townships] aliases, a GB18030-saved config, `file = -`, the
# command line over the config (--set, --roster, repeated --source), and
# config errors (exit 2, message naming file, line and key).
. "$(dirname "$0")/lib.sh"
id() { $PY "$TOP/tests/mkid.py" "$@"; }
A=$(id 410101 19800101 011); B=$(id 410101 19810202 022)
mkdir -p "$T/cfg/in" "$T/elsewhere"
cat >"$T/cfg/in/roster.csv" <<CSV
证件号码,姓名,乡镇,行政村,户编号,与户主关系,是否参加城乡居民基本医疗保险
$A,张三,城关,一村,H1,户主,是
CSV
cat >"$T/cfg/in/roster2.csv" <<CSV
证件号码,姓名,乡镇,行政村,户编号,与户主关系,是否参加城乡居民基本医疗保险
$B,李四,城关,二村,H2,户主,是
CSV
cat >"$T/cfg/in/med.csv" <<CSV
证件号码,姓名,乡镇,参保状态名称,参保年度
$A,张三,城关,参保缴费,2023
CSV
cat >"$T/cfg/county.ini" <<INI
; 示例县
[run]
period = 2024-06
out = 报表              ; relative to this file's folder
max_reject_pct = 5

[source 花名册]
kind = roster
file = in/roster.csv

[source 医保]
kind = med_enroll
file = in/med.csv
alias.status = 参保状态名称

[townships]
城关 = 城关镇
INI
R="$T/cfg/报表/2024-06"

(cd "$T/elsewhere" && "$DZ" run -q ../cfg/county.ini --date 2024-07-05)
check "run from another folder exits 0" test $? = 0
check "out = 报表 lands beside the config file" test -s "$R/mismatches.csv"
check "nothing written in the current folder" test -z "$(ls -A "$T/elsewhere")"
check "the source names come from the sections" grep -q '"医保","med_enroll","med.csv"' "$R/summary.csv"
check "alias.status maps the extra header (ZZ01 on year 2023 only)" \
	grep -q '"ZZ01".*"城关镇".*'"$A" "$R/mismatches.csv"
check "[townships] 城关 = 城关镇: one push folder, the standard name" \
	test "$(ls "$R/push" | tr '\n' ' ')" = "城关镇 "

# the same config saved by Notepad as GB18030 gives the same reports
sed 's/^out = .*/out = gb/' "$T/cfg/county.ini" | iconv -f UTF-8 -t GB18030 >"$T/cfg/gb.ini"
"$DZ" run -q "$T/cfg/gb.ini" --date 2024-07-05
check "GB18030 config exits 0" test $? = 0
same_file "GB18030 config: same mismatches" "$R/mismatches.csv" "$T/cfg/gb/2024-06/mismatches.csv"
same_file "GB18030 config: same summary" "$R/summary.csv" "$T/cfg/gb/2024-06/summary.csv"

# file = - reads standard input
sed 's#^file = in/roster.csv#file = -#; s/^out = .*/out = stdin/' "$T/cfg/county.ini" >"$T/cfg/stdin.ini"
"$DZ" run -q "$T/cfg/stdin.ini" --date 2024-07-05 <"$T/cfg/in/roster.csv"
check "file = - exits 0" test $? = 0
same_file "file = -: same mismatches" "$R/mismatches.csv" "$T/cfg/stdin/2024-06/mismatches.csv"

# the command line over the config
"$DZ" run -q "$T/cfg/county.ini" --roster "$T/cfg/in/roster2.csv" --out "$T/o2" --date 2024-07-05
check "--roster replaces the config's roster" grep -q "$B" "$T/o2/2024-06/mismatches.csv"
check "... and the config's roster is not read" test "$(grep -c "$A" "$T/o2/2024-06/mismatches.csv")" = 0
"$DZ" run -q "$T/cfg/county.ini" --source med_enroll="$T/cfg/in/med.csv" --source med_enroll="$T/cfg/in/med.csv" \
	--out "$T/o3" --date 2024-07-05
check "repeated --source: med_enroll" grep -q '^"med_enroll","med_enroll"' "$T/o3/2024-06/summary.csv"
check "repeated --source: med_enroll#2" grep -q '^"med_enroll#2","med_enroll"' "$T/o3/2024-06/summary.csv"
"$DZ" run -q "$T/cfg/county.ini" --set period=2024-05 --out "$T/o4" --date 2024-07-05
check "--set period overrides the config" test -s "$T/o4/2024-05/summary.csv"
expect_exit 2 "--set with a bad value" "$DZ" run -q "$T/cfg/county.ini" --set verify_days=0 --out "$T/o5" 2>"$T/err"
check "... names --set and the key" grep -q "^dz: .*--set: key 'verify_days': not a whole number of days 1-365" "$T/err"

# config errors: exit 2 and a message naming file, line and key; no output
bad() {  # bad DESC EXPECTED-MESSAGE-PART INI-TEXT
	printf '%s' "$3" >"$T/cfg/bad.ini"
	rm -rf "$T/cfg/badout"
	"$DZ" run -q "$T/cfg/bad.ini" --out "$T/cfg/badout" 2>"$T/err" >/dev/null
	rc=$?
	if [ "$rc" = 2 ] && grep -qF "'$T/cfg/bad.ini' $2" "$T/err" && [ ! -e "$T/cfg/badout" ]; then
		ok "$1"
	else
		notok "$1 (exit $rc)"; sed 's/^/#   /' "$T/err"
	fi
}
ROSTER='[source r]
kind = roster
file = in/roster.csv
'
bad "unknown section" "line 4: unknown section [townsihps]" "$ROSTER[townsihps]
a = b
"
bad "unknown key in a source" "line 3: unknown key 'flie' in [source r]" '[source r]
kind = roster
flie = in/roster.csv
'
bad "unknown kind" "line 5: key 'kind': unknown kind 'med_enrol'" "$ROSTER[source m]
kind = med_enrol
file = in/med.csv
"
bad "missing file" "line 4: [source m]: missing key 'file'" "$ROSTER[source m]
kind = med_enroll
"
bad "key given twice" "line 7: key 'period' given twice (first on line 2)" "[run]
period = 2024-06
$ROSTER[run]
period = 2024-07
"
bad "not a key = value line" "line 5: not a [section] or key = value line" "$ROSTER[run]
period 2024-06
"
bad "alias of a field the kind lacks" "line 4: key 'alias.oop': kind roster has no field 'oop'" "$ROSTER"'alias.oop = 自付
'
bad "money in yuan" "line 5: key 'income_line.2024': not an amount in yuan" "$ROSTER[run]
income_line.2024 = 七千八
"
bad "percentage" "line 5: key 'income_drop_pct': not a whole number 0-100" "$ROSTER[run]
income_drop_pct = 120
"
printf '%s[source r2]\nkind = roster\nfile = in/roster2.csv\n' "$ROSTER" >"$T/cfg/two.ini"
expect_exit 2 "two rosters" "$DZ" run -q "$T/cfg/two.ini" --out "$T/cfg/badout" 2>"$T/err"
check "... says so" grep -q "more than one roster source ('r' and 'r2')" "$T/err"
printf '[run]\nperiod = 2024-06\n' >"$T/cfg/noroster.ini"
expect_exit 2 "no roster" "$DZ" run -q "$T/cfg/noroster.ini" --out "$T/cfg/badout" 2>"$T/err"
check "... says so" grep -q "no roster" "$T/err"
expect_exit 2 "a missing config file" "$DZ" run -q "$T/cfg/nope.ini" --out "$T/cfg/badout" 2>"$T/err"
check "... names it" grep -q "cannot read config '$T/cfg/nope.ini'" "$T/err"
check "no output after config errors" test ! -e "$T/cfg/badout"
