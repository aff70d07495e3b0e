#!/bin/sh
# States across months (SPEC §8) on the demo county, with hand-made
# expectations: a rule not evaluated in P+1 (its source left out) resolves
# nothing, and ZZ12 resolves only for the kinds of P+1's run; a key whose
# latest answer is 核实无风险 with the same evidence is 已核实 (county
# reports only, not pushed); with changed evidence it is 持续 and pushed
# again with a new 推送日期; an answer that does not verify (情况属实整改中)
# keeps it 持续 with its first dates; resolved.csv carries the latest
# answer as 核实结果; dz history prints the months and the answers.
. "$(dirname "$0")/lib.sh"
DEMO="$TOP/fixtures/demo"
INI="$DEMO/county.ini"
O=$T/o
L=$O/dz-ledger.sqlite
q() { sqlite3 "$L" "$1"; }
col() { $PY "$TOP/tests/csvcol.py" "$1" "$2"; }

# P with every source
"$DZ" run -q "$INI" --out "$O" --date 2026-11-05 || notok "run P"
# P+1 without med_claims: YJ01 and the ZZ12 of med_claims are not evaluated
$PY - "$INI" "$T/nomc.ini" "$DEMO" <<'PYEOF'
import re, sys
src, dst, demo = sys.argv[1:4]
s = open(src, encoding="utf-8").read()
s = re.sub(r"\n\[source med_claims\]\n(?:[^\[\n][^\n]*\n|\n)*", "\n", s)
s = re.sub(r"(?m)^file = ", "file = " + demo + "/", s)
open(dst, "w", encoding="utf-8").write(s)
PYEOF
check "the config without med_claims has no med_claims source" sh -c "! grep -q med_claims '$T/nomc.ini'"
"$DZ" run -q "$T/nomc.ini" --out "$O" --period 2026-11 --date 2026-12-05
check "P+1 without med_claims: exit 0" test $? = 0
R=$O/2026-11/resolved.csv
check "YJ01 was found in P" test "$(q "SELECT count(*) FROM findings WHERE period = '2026-10' AND rule = 'YJ01'")" -gt 0
check "YJ01 not evaluated in P+1 (summary)" test "$(col "$O/2026-11/summary.csv" 规则编号,执行情况 | grep '^YJ01' | cut -f2)" = "未执行：缺少来源 med_claims"
check "resolved.csv: no YJ01 row (the rule did not run)" sh -c "! $PY '$TOP/tests/csvcol.py' '$R' 规则编号 | grep -qx YJ01"
check "resolved.csv: no ZZ12 of med_claims (the kind was not in the run)" sh -c "! $PY '$TOP/tests/csvcol.py' '$R' 线索编号 | grep -q -- '-med_claims\$'"
check "resolved.csv: other rules resolve (ZZ12 of other kinds may)" test "$(wc -l <"$R")" -gt 1
check "P found a ZZ12 of med_claims" test "$(q "SELECT count(*) FROM findings WHERE period = '2026-10' AND key LIKE 'ZZ12-%-med_claims'")" -gt 0
check "YJ01 keys of P are neither in P+1's reports nor resolved" sh -c "! grep -q '\"YJ01-' '$O/2026-11/warnings.csv' '$R'"

# P+2 with every source again: the YJ01 keys start a new run of months
"$DZ" run -q "$INI" --out "$O" --period 2026-12 --date 2027-01-05 || notok "run P+2"
Y1=$(q "SELECT key FROM findings WHERE period = '2026-10' AND rule = 'YJ01' AND key IN
	(SELECT key FROM findings WHERE period = '2026-12') ORDER BY key LIMIT 1")
check "P+2: a YJ01 key of P found again ($Y1)" test -n "$Y1"
check "P+2: $Y1 is 新增 again, first found 2026-12 (P+1 did not find it)" \
	grep -q "^\"$Y1\",\"新增\",\"2026-12\"" "$O/2026-12/warnings.csv"

# answers (as dz feedback will record them), then P+3
# three pushed findings of 城关镇 found in P and P+2 (stable facts):
#   K1 (a warning): 核实无风险, evidence unchanged -> 已核实
#   K2 (a mismatch): 核实无风险, evidence changed  -> 持续, pushed again
#   K3 (a mismatch of a household member): 情况属实整改中 (does not verify)
#      -> 持续 with its first dates
pick() { q "SELECT key FROM findings WHERE period = '2026-12' AND township = '城关镇' AND pushed
	AND household_id <> '' AND $1 AND key IN (SELECT key FROM findings WHERE period = '2026-10')
	ORDER BY key LIMIT 1 OFFSET $2"; }
K1=$(pick "rule LIKE 'YJ%' AND rule NOT IN ('YJ01', 'YJ08')" 0)
K2=$(pick "rule LIKE 'ZZ%' AND rule <> 'ZZ12'" 0)
K3=$(pick "rule LIKE 'ZZ%' AND rule <> 'ZZ12'" 1)
ID1=$(q "SELECT id FROM findings WHERE key = '$K1' LIMIT 1")
R1=$(q "SELECT rule FROM findings WHERE key = '$K1' LIMIT 1")
HH3=$(q "SELECT household_id FROM findings WHERE key = '$K3' LIMIT 1")
for k in $K1 $K2 $K3; do
	check "$k is found in P+2" test "$(q "SELECT count(*) FROM findings WHERE period = '2026-12' AND key = '$k'")" = 1
done
q "INSERT INTO answers (key, period, result, date, person, file, row, imported_at) VALUES
	('$K1', '2026-12', '无法核实', '2027-01-08', '李四', '城关镇台账.xlsx', 3, '2027-01-09'),
	('$K1', '2026-12', '核实无风险', '2027-01-10', '张三', '城关镇台账.xlsx', 4, '2027-01-11'),
	('$K2', '2026-12', '核实无风险', '2027-01-10', '张三', '城关镇台账.xlsx', 5, '2027-01-11'),
	('$K3', '2026-12', '情况属实整改中', '2027-01-10', '张三', '城关镇台账.xlsx', 6, '2027-01-11')"
# K2's evidence in the answered period differs from what the files give now
q "UPDATE findings SET sys_value = sys_value || '（旧）' WHERE period = '2026-12' AND key = '$K2'"
K3DATE=$(q "SELECT push_date FROM findings WHERE period = '2026-12' AND key = '$K3'")
"$DZ" run -q "$INI" --out "$O" --period 2027-01 --date 2027-02-05 || notok "run P+3"
W=$O/2027-01
for k in $K1 $K2 $K3; do
	check "$k is found in P+3" test "$(q "SELECT count(*) FROM findings WHERE period = '2027-01' AND key = '$k'")" = 1
done
check "$K1: 已核实 (latest answer 核实无风险, same evidence)" grep -q "^\"$K1\",\"已核实\"" "$W/warnings.csv"
check "$K1: not pushed (not in the township's 预警名单)" \
	sh -c "! $PY '$TOP/tests/xlsxcol.py' '$W/push/城关镇/预警名单.xlsx' 线索编号 | grep -qx '$K1'"
check "$K1: recorded as not pushed" test "$(q "SELECT pushed FROM findings WHERE period = '2027-01' AND key = '$K1'")" = 0
check "$K2: 持续 (verified, then the evidence changed)" grep -q "^\"$K2\",\"持续\"" "$W/mismatches.csv"
check "$K2: pushed again with a new 推送日期 and 核实时限" \
	test "$(q "SELECT push_date || ' ' || deadline FROM findings WHERE period = '2027-01' AND key = '$K2'")" = "2027-02-05 2027-02-20"
check "$K3: 持续 with the first push's dates ($K3DATE)" \
	test "$(q "SELECT state || ' ' || push_date FROM findings WHERE period = '2027-01' AND key = '$K3'")" = "持续 $K3DATE"
check "summary: 已核实 counted for $R1" \
	test "$(col "$W/summary.csv" 规则编号,已核实 | grep "^$R1	" | cut -f2)" = 1

# resolved rows carry the key's latest answer as 核实结果
# a key of P+3 that P+4 will not find: insert it into P+3 as if found there
q "INSERT INTO findings SELECT '2027-01', 99999, 'YJ05-411424199001011234', 'YJ05', '城关镇', '东关村', '', '411424199001011234', '测试', '', '失业', 'employment', '', '', '新增', '2027-01', 1, '2027-02-05', '2027-02-20'"
q "INSERT INTO answers (key, period, result, date, person, file, row, imported_at) VALUES
	('YJ05-411424199001011234', '2027-01', '已纳入监测', '2027-02-10', '王五', '城关镇台账.xlsx', 7, '2027-02-11')"
"$DZ" run -q "$INI" --out "$O" --period 2027-02 --date 2027-03-05 || notok "run P+4"
check "resolved.csv: the key P+3 found and P+4 did not, with 最后发现 and 核实结果" \
	grep -q '^"YJ05-411424199001011234","新增","2027-01","YJ05",.*,"2027-01","已纳入监测"' "$O/2027-02/resolved.csv"
check "summary: 已消除 counted for YJ05" test "$(col "$O/2027-02/summary.csv" 规则编号,已消除 | grep '^YJ05' | cut -f2)" -ge 1

# dz history: every month of a subject, and the answers
"$DZ" history "$K1" --ledger "$L" >"$T/h1" 2>"$T/h1.err"
check "history KEY: exit 0" test $? = 0
check "history KEY: header" test "$(head -1 "$T/h1")" = "$(printf '期间\t线索编号\t规则编号\t规则名称\t状态\t首次发现\t系统值\t部门值\t推送\t推送日期\t核实时限\t乡镇\t行政村\t户编号\t姓名\t证件号码')"
check "history KEY: one row per recorded period that found it (5)" test "$(grep -c "^20[0-9-]*	$K1	" "$T/h1")" = 5
check "history KEY: 2027-01 已核实, not pushed" grep -q "^2027-01	$K1	$R1	[^	]*	已核实	.*	否	" "$T/h1"
check "history KEY: both answers of 2026-12, in import order" \
	test "$(grep '^	反馈' "$T/h1" | cut -f3-6 | tr '\t' ' ' | tr '\n' '|')" = "无法核实 2027-01-08 李四 城关镇台账.xlsx:3|核实无风险 2027-01-10 张三 城关镇台账.xlsx:4|"
"$DZ" history "$ID1" --ledger "$L" >"$T/h2"
check "history ID: every key of the person, every month (as sqlite3 counts them)" \
	test "$(grep '^20' "$T/h2" | cut -f1,2 | LC_ALL=C sort | tr '\t\n' ' |')" = \
	"$(q "SELECT period, key FROM findings WHERE id = '$ID1'" | LC_ALL=C sort | tr '|\n' ' |')"
check "history ID: $K1 among them" grep -q "	$K1	" "$T/h2"
"$DZ" history "$HH3" --ledger "$L" >"$T/h3"
check "history 户编号: the household's findings ($K3)" grep -q "	$K3	" "$T/h3"
"$DZ" history nobody --ledger "$L" >"$T/h5" 2>"$T/h5.err"
check "history of an unknown subject: exit 0, nothing on stdout" sh -c "test $? = 0 && test ! -s '$T/h5'"
check "... and a note on stderr" test "$(cat "$T/h5.err")" = "dz: history: no finding of 'nobody' is recorded in '$L'"
"$DZ" history "$K1" --ledger "$T/none.sqlite" 2>"$T/h6.err"
check "history without a ledger: exit 2" test $? = 2
check "... naming it" grep -q "no ledger at '$T/none.sqlite'" "$T/h6.err"
(cd "$T" && "$DZ" history "$K1" "$INI" >/dev/null 2>"$T/h7.err")
check "history CONFIG.ini: the config's OUT/dz-ledger.sqlite (not there: exit 2)" test $? = 2
mkdir -p "$T/c"
sed "s|^out = .*|out = $O|" "$INI" >"$T/c/county.ini"
"$DZ" history "$K1" "$T/c/county.ini" >"$T/h8"
same_file "history CONFIG.ini: the ledger in the config's out" "$T/h1" "$T/h8"
cp "$L" "$T/new.sqlite"
sqlite3 "$T/new.sqlite" 'PRAGMA user_version = 9'
"$DZ" history "$K1" --ledger "$T/new.sqlite" 2>"$T/h9.err"
check "history on a newer ledger: exit 2" test $? = 2

# dz push rebuilds the packages of a recorded period: each finding keeps the
# 核实时限 the run recorded (K3: its first push's), not --date + 15 days
K3DL=$(q "SELECT deadline FROM findings WHERE period = '2027-01' AND key = '$K3'")
"$DZ" push -q --period 2027-01 --out "$O" --date 2027-03-01
check "dz push: exit 0" test $? = 0
led() { $PY "$TOP/tests/xlsxcol.py" "$O/2027-01/push/城关镇/问题排查整改台账.xlsx" 线索编号,整改时限 | grep "^$1	" | cut -f2; }
check "dz push: $K3 keeps 整改时限 $K3DL" test "$(led $K3)" = "$K3DL"
check "dz push: $K2 keeps 整改时限 2027-02-20" test "$(led $K2)" = 2027-02-20
check "dz push: $K1 (已核实) is in no package" test -z "$(led $K1)"
"$DZ" push -q --period 2027-01 --out "$O" --date 2027-03-01 --no-ledger
check "dz push --no-ledger: 整改时限 = --date + 15 days" test "$(led $K3)" = 2027-03-16
