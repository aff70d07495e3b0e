#!/bin/sh
# t730: the exemption list in dz run (SPEC §9, issue #10 item 3).  A small
# county with three ZZ01 findings (A and B in 城关镇, C in 柳河镇) and a list
# written by openpyxl (xlsx, title row, real dates): a person row for A, a
# township row for 柳河 (a config alias of 柳河镇), an expired row for B.
# Exempted findings stay in the county report with the 说明
# 豁免：<理由>（<批准人> <批准日期>）, never in a township package (also when
# dz push rebuilds the packages from the reports); the summary counts the
# list's rows in force, expired and not yet in force.  The same list as CSV
# from [run] exemptions (relative to the config) gives the same reports.
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
cat >"$T/in/med.csv" <<CSV
证件号码,姓名,乡镇,行政村,参保状态,参保年度
CSV
cat >"$T/in/ex.csv" <<CSV
规则编号,证件号码,户编号,乡镇,行政村,豁免理由,批准人,批准日期,有效期至
ZZ01,$A,,,,异地就业参加职工医保,王局长,2026-09-15,
ZZ01,,,柳河,,全镇参保数据迁移中,李主任,2026-10-01,2027-06-30
ZZ01,$B,,,,已过期的豁免,赵科长,2026-01-01,2026-10-30
CSV
$PY "$TOP/tests/mkxlsx.py" "$T/in/ex.csv" "$T/in/豁免清单.xlsx" --title "示范县 豁免清单" \
	--date 批准日期 --date 有效期至 || notok "openpyxl writes the exemption list"
cat >"$T/in/county.ini" <<INI
[run]
period = 2026-10
exemptions = ex.csv
[source roster]
kind = roster
file = roster.csv
[source med_enroll]
kind = med_enroll
file = med.csv
[townships]
柳河 = 柳河镇
INI
OUT=$T/o/2026-10
"$DZ" run -q --roster "$T/in/roster.csv" --source med_enroll="$T/in/med.csv" --township 柳河=柳河镇 \
	--period 2026-10 --exemptions "$T/in/豁免清单.xlsx" --out "$T/o" 2>"$T/err"
rc=$?
if [ $rc = 0 ]; then ok "run with an xlsx exemption list: exit 0"; else notok "run with an xlsx exemption list: exit $rc"; sed 's/^/#   /' "$T/err"; fi

$PY "$TOP/tests/csvcol.py" "$OUT/mismatches.csv" 规则编号,证件号码,乡镇,说明 >"$T/got" 2>&1
cat >"$T/want" <<TSV
ZZ01	$A	城关镇	豁免：异地就业参加职工医保（王局长 2026-09-15）
ZZ01	$B	城关镇	
ZZ01	$C	柳河镇	豁免：全镇参保数据迁移中（李主任 2026-10-01）
TSV
same_file "mismatches.csv: A and C exempted with their 说明, B (expired) not" "$T/want" "$T/got"

# packages: only B is pushed; 柳河镇's package is empty
$PY "$TOP/tests/xlsxcol.py" "$OUT/push/城关镇/不符明细.xlsx" 证件号码 >"$T/p1" 2>&1
printf '%s\n' "$B" >"$T/p1.want"
same_file "城关镇 不符明细.xlsx holds only B" "$T/p1.want" "$T/p1"
$PY "$TOP/tests/xlsxcol.py" "$OUT/push/城关镇/问题排查整改台账.xlsx" --all >"$T/p2" 2>&1
if [ "$(grep -c "$B" "$T/p2")" = 1 ] && [ "$(grep -c . "$T/p2")" = 1 ]; then
	ok "城关镇 问题排查整改台账.xlsx holds only B"
else
	notok "城关镇 问题排查整改台账.xlsx holds only B"; sed 's/^/#   /' "$T/p2"
fi
$PY "$TOP/tests/xlsxcol.py" "$OUT/push/柳河镇/不符明细.xlsx" 证件号码 >"$T/p3" 2>&1
check "柳河镇 不符明细.xlsx has no rows (C exempted)" test -f "$OUT/push/柳河镇/不符明细.xlsx" -a ! -s "$T/p3"
if grep -q "$A" "$T/p3" "$T/p2" "$T/p1"; then notok "A in a package"; else ok "A in no package"; fi

# summary: 3 rows, 2 in force, 1 expired, 0 not yet, 2 findings exempted
$PY - "$OUT/summary.csv" >"$T/sum" <<'PYEOF'
import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8-sig", newline="")))
for i, r in enumerate(rows):
    if r and r[0] == "豁免清单":
        print("\t".join(rows[i + 1]))
PYEOF
printf '豁免清单.xlsx\t3\t2\t1\t0\t2\n' >"$T/sum.want"
same_file "summary.csv: the list's rows in force / expired / not yet, findings exempted" "$T/sum.want" "$T/sum"
$PY - "$OUT/summary.xlsx" >"$T/sumx" <<'PYEOF'
import openpyxl, sys
ws = openpyxl.load_workbook(sys.argv[1], read_only=True)["豁免清单"]
rows = [[("" if v is None else str(v)) for v in r] for r in ws.iter_rows(values_only=True)]
print("\t".join(rows[2]))
PYEOF
same_file "summary.xlsx has the same 豁免清单 sheet" "$T/sum.want" "$T/sumx"

# dz push rebuilds the packages from the reports: still only B
"$DZ" push -q --period 2026-10 --out "$T/o" 2>"$T/err2"
check "dz push over these reports: exit 0" test $? = 0
$PY "$TOP/tests/xlsxcol.py" "$OUT/push/城关镇/不符明细.xlsx" 证件号码 >"$T/p4" 2>&1
same_file "after dz push, 城关镇 不符明细.xlsx still holds only B" "$T/p1.want" "$T/p4"

# the same list as CSV, from [run] exemptions relative to the config file
"$DZ" run -q "$T/in/county.ini" --out "$T/o2" 2>"$T/err3"
check "config [run] exemptions = ex.csv: exit 0" test $? = 0
$PY "$TOP/tests/csvcol.py" "$T/o2/2026-10/mismatches.csv" 规则编号,证件号码,乡镇,说明 >"$T/got2" 2>&1
same_file "the CSV list from the config exempts the same findings" "$T/want" "$T/got2"
