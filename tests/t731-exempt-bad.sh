#!/bin/sh
# t731: an invalid exemption list stops dz run before any output (SPEC §9,
# issue #10 items 3 and 8): exit 2, one message naming file, row and
# column, no output folder created, an existing one unchanged to the byte
# (no lock file, no staging folder left), nothing pushed.  Cases: a bad
# check character, an unknown rule, an empty required cell, a bad date in
# an xlsx list, a missing column, a missing file.  The command-line list
# wins over the config's.
. "$(dirname "$0")/lib.sh"
id() { $PY "$TOP/tests/mkid.py" "$@"; }
A=$(id 411424 19800101 011); B=$(id 411424 19810202 022)
BAD=$(printf '%s' "$A" | sed 's/.$/0/')
[ "$BAD" != "$A" ] || BAD=$(printf '%s' "$A" | sed 's/.$/1/')
mkdir -p "$T/in"
cat >"$T/in/roster.csv" <<CSV
证件号码,姓名,乡镇,行政村,户编号,与户主关系,是否参加城乡居民基本医疗保险
$A,张三,城关镇,一村,H1,户主,是
$B,李四,城关镇,二村,H2,户主,是
CSV
printf '证件号码,姓名,参保状态,参保年度\n' >"$T/in/med.csv"
H=规则编号,证件号码,户编号,乡镇,行政村,豁免理由,批准人,批准日期,有效期至
printf '%s\nZZ01,%s,,,,理由,王局长,2026-09-15,\nZZ01,%s,,,,理由,王局长,2026-09-15,\n' "$H" "$A" "$BAD" >"$T/in/bad_id.csv"
printf '%s\nZZ01,%s,,,,理由,王局长,2026-09-15,\nZZ1,,,,,理由,王局长,2026-09-15,\n' "$H" "$A" >"$T/in/bad_rule.csv"
printf '%s\nZZ01,%s,,,,理由,,2026-09-15,\n' "$H" "$A" >"$T/in/no_approver.csv"
printf '%s\nZZ01,%s,,,,理由,王局长,2026-09-15,2026年13月1日\n' "$H" "$A" >"$T/in/date.csv"
$PY "$TOP/tests/mkxlsx.py" "$T/in/date.csv" "$T/in/bad_date.xlsx" --title "豁免清单" --date 批准日期 \
	|| notok "openpyxl writes the list"
printf '规则编号,证件号码,乡镇,行政村,豁免理由,批准人,批准日期,有效期至\n' >"$T/in/no_col.csv"
printf '%s\nZZ01,%s,,,,理由,王局长,2026-09-15,\n' "$H" "$A" >"$T/in/good.csv"

run() {  # run OUT LIST -> exit status; stderr in $T/err
	"$DZ" run -q --roster "$T/in/roster.csv" --source med_enroll="$T/in/med.csv" --period 2026-10 \
		--out "$1" --exemptions "$2" 2>"$T/err"
}
snap() { (cd "$1" && find . -printf '%p %s %T@ %m\n' | LC_ALL=C sort && find . -type f -exec md5sum {} + | LC_ALL=C sort); }

# a fresh OUT is not even created
run "$T/fresh" "$T/in/bad_id.csv"
rc=$?
check "bad check character: exit 2 (got $rc)" test $rc = 2
printf "dz: run: exemption list 'bad_id.csv': row 3, column 证件号码: bad ID '%s': check character wrong; the run stopped before any output\n" "$BAD" >"$T/want"
same_file "bad check character: the message names file, row and column" "$T/want" "$T/err"
check "bad check character: no output folder created" test ! -e "$T/fresh"

# an OUT with a complete run stays as it was, to the byte
run "$T/o" "$T/in/good.csv"
check "the good list: exit 0" test $? = 0
check "the good list: B pushed" test -f "$T/o/2026-10/push/城关镇/不符明细.xlsx"
snap "$T/o" >"$T/before"
expect_case() {  # expect_case LIST MESSAGE
	run "$T/o" "$T/in/$1"
	rc=$?
	check "$1: exit 2 (got $rc)" test $rc = 2
	printf '%s\n' "$2" >"$T/want"
	same_file "$1: exact message" "$T/want" "$T/err"
	snap "$T/o" >"$T/after"
	same_file "$1: OUT unchanged (files, sizes, times, contents)" "$T/before" "$T/after"
}
expect_case bad_id.csv "dz: run: exemption list 'bad_id.csv': row 3, column 证件号码: bad ID '$BAD': check character wrong; the run stopped before any output"
expect_case bad_rule.csv "dz: run: exemption list 'bad_rule.csv': row 3, column 规则编号: unknown rule 'ZZ1' (the codes of the rule catalogue: ZZ01-ZZ15, ZS01-ZS05, YJ01-YJ08, LJ01-LJ19); the run stopped before any output"
expect_case no_approver.csv "dz: run: exemption list 'no_approver.csv': row 2, column 批准人: empty (规则编号, 豁免理由, 批准人 and 批准日期 are required); the run stopped before any output"
expect_case bad_date.xlsx "dz: run: exemption list 'bad_date.xlsx': row 3, column 有效期至: not a date: '2026年13月1日' (e.g. 2026-11-01); the run stopped before any output"
expect_case no_col.csv "dz: run: exemption list 'no_col.csv': row 1: no column 户编号 (columns found: 规则编号, 证件号码, 乡镇, 行政村, 豁免理由, 批准人, 批准日期, 有效期至); the run stopped before any output"
expect_case missing.csv "dz: run: exemption list 'missing.csv': cannot open: No such file or directory (path '$T/in/missing.csv'); the run stopped before any output"

# the config's list is checked too; --exemptions overrides it
cat >"$T/in/county.ini" <<INI
[run]
period = 2026-10
exemptions = bad_id.csv
[source roster]
kind = roster
file = roster.csv
[source med_enroll]
kind = med_enroll
file = med.csv
INI
"$DZ" run -q "$T/in/county.ini" --out "$T/o" 2>"$T/err"
check "config [run] exemptions = bad_id.csv: exit 2" test $? = 2
check "config list: the message names bad_id.csv row 3" grep -q "exemption list 'bad_id.csv': row 3, column 证件号码" "$T/err"
snap "$T/o" >"$T/after"
same_file "config list: OUT unchanged" "$T/before" "$T/after"
"$DZ" run -q "$T/in/county.ini" --out "$T/o" --exemptions "$T/in/good.csv" 2>"$T/err"
check "--exemptions good.csv overrides the config's list: exit 0" test $? = 0
