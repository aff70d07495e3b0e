#!/bin/sh
# 豁免 in the ledger (SPEC §8 states, §9 exemptions): three ZZ01 findings
# written by hand (A and C exempted by a list, B not); the county report
# shows 状态 豁免 for A and C, 新增 for B; the ledger records A and C as
# 豁免, not pushed; the next month, with A's exemption expired, A is 持续
# (found the month before) and pushed on the new run date, C stays 豁免.
. "$(dirname "$0")/lib.sh"
id() { $PY "$TOP/tests/mkid.py" "$@"; }
A=$(id 411424 19800101 011); B=$(id 411424 19810202 022); C=$(id 411424 19820303 033)
mkdir -p "$T/in"
cat >"$T/in/roster.csv" <<CSV
证件号码,姓名,乡镇,行政村,户编号,与户主关系,是否参加城乡居民基本医疗保险
$A,张三,城关镇,一村,H1,户主,是
$B,李四,城关镇,二村,H2,户主,是
$C,王五,柳河镇,三村,H3,户主,是
CSV
printf '证件号码,姓名,乡镇,行政村,参保状态,参保年度\n' >"$T/in/med.csv"
cat >"$T/in/ex.csv" <<CSV
规则编号,证件号码,户编号,乡镇,行政村,豁免理由,批准人,批准日期,有效期至
ZZ01,$A,,,,异地就业参加职工医保,王局长,2026-09-15,2026-10-31
ZZ01,,,柳河镇,,全镇参保数据迁移中,李主任,2026-10-01,
CSV
O=$T/o
L=$O/dz-ledger.sqlite
run() { "$DZ" run -q --roster "$T/in/roster.csv" --source med_enroll="$T/in/med.csv" \
	--exemptions "$T/in/ex.csv" --out "$O" "$@"; }
run --period 2026-10 --date 2026-11-05
check "2026-10: exit 0" test $? = 0
$PY "$TOP/tests/csvcol.py" "$O/2026-10/mismatches.csv" 线索编号,状态,首次发现 >"$T/got"
cat >"$T/want" <<TSV
ZZ01-$A	豁免	2026-10
ZZ01-$B	新增	2026-10
ZZ01-$C	豁免	2026-10
TSV
same_file "2026-10: 状态 豁免 for A and C, 新增 for B" "$T/want" "$T/got"
check "2026-10: the ledger records A and C as 豁免, not pushed" \
	test "$(sqlite3 "$L" "SELECT key || ' ' || state || ' ' || pushed FROM findings WHERE period = '2026-10' ORDER BY key" | tr '\n' '|')" = \
	"ZZ01-$A 豁免 0|ZZ01-$B 新增 1|ZZ01-$C 豁免 0|"
check "2026-10: summary 豁免 2, 新增 1 for ZZ01" \
	test "$($PY "$TOP/tests/csvcol.py" "$O/2026-10/summary.csv" 规则编号,新增,豁免 | grep '^ZZ01')" = "$(printf 'ZZ01\t1\t2')"
run --period 2026-11 --date 2026-12-05
check "2026-11: exit 0" test $? = 0
$PY "$TOP/tests/csvcol.py" "$O/2026-11/mismatches.csv" 线索编号,状态,首次发现 >"$T/got2"
cat >"$T/want2" <<TSV
ZZ01-$A	持续	2026-10
ZZ01-$B	持续	2026-10
ZZ01-$C	豁免	2026-10
TSV
same_file "2026-11: A's exemption expired: 持续; C still 豁免" "$T/want2" "$T/got2"
check "2026-11: A pushed on the new run date (not pushed before), B keeps its first push" \
	test "$(sqlite3 "$L" "SELECT key || ' ' || push_date FROM findings WHERE period = '2026-11' AND pushed ORDER BY key" | tr '\n' '|')" = \
	"ZZ01-$A 2026-12-05|ZZ01-$B 2026-11-05|"
check "2026-11: A in 城关镇's package, C in no package" \
	test "$($PY "$TOP/tests/xlsxcol.py" "$O/2026-11/push/城关镇/不符明细.xlsx" 线索编号 | sort | tr '\n' ' ')" = "ZZ01-$A ZZ01-$B "
