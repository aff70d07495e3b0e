#!/bin/sh
# 逻辑校验 (the LJ rules, SPEC §5) through the real binary: a small roster
# written here, every column of checks.csv against rows worked out by hand;
# checks.xlsx and the package's 逻辑校验.xlsx and 台账 read back with
# openpyxl; [run] checks = none / a list / a bad code (exit 2); a roster
# without the LJ columns (未执行 with the reason in the summary); the same
# checks through dz ingest + dz check (the 残疾人证号 survives the record
# stream) and dz push.
. "$(dirname "$0")/lib.sh"
id() { $PY "$TOP/tests/mkid.py" "$@"; }
A=$(id 410101 19800101 011); B=$(id 410101 19810202 022); C=$(id 410101 19700303 033)
D=$(id 410101 20100505 055); E=$(id 410101 19600606 066); F=$(id 410101 19700707 077)
G=$(id 410101 19720808 088)
H='证件号码,姓名,乡镇,行政村,户编号,与户主关系,性别,证件类型,联系电话,监测对象类别,风险是否已消除,识别监测时间,风险消除时间,在校生状况,义务教育阶段未上学原因,健康状况,劳动技能,务工状况,是否参加城乡居民基本医疗保险,是否参加城镇职工基本医疗保险,是否特困供养人员,人均纯收入,是否危房户,是否解决安全饮用水'
cat >"$T/roster.csv" <<CSV
$H
$A,张三,城关镇,一村,H1,户主,2,居民身份证,+86 138 1234 5678,,,,,非在校生,,健康,普通劳动力,未务工,是,否,否,,,
$B,李四,城关镇,一村,H1,配偶,女,居民身份证,,,,,,非在校生,,残疾,普通劳动力,未务工,是,否,否,,,
$C,王五,城关镇,一村,H2,户主,1,居民身份证,13812345678,,,,,非在校生,,健康,普通劳动力,未务工,否,否,否,,,
$D,赵六,城关镇,一村,H3,之子,男,居民身份证,,,,,,八年级,,健康,普通劳动力,,是,否,否,,,
${E}12,钱七,城关镇,一村,H4,户主,2,残疾人证,1381234567,,,,,非在校生,,健康,丧失劳动力,未务工,是,否,否,,,
$F,孙八,城关镇,一村,H5,户主,1,居民身份证,13900001111,边缘易致贫户,是,202401,202404,非在校生,,健康,普通劳动力,省外务工,是,否,是,5000,是,是
$G,周九,城关镇,二村,H5,配偶,2,居民身份证,13900001111,边缘易致贫户,是,202401,202404,非在校生,,健康,普通劳动力,未务工,是,否,否,5000,是,是
CSV
# every column of checks.csv, worked out by hand (sorted: township, village,
# 户编号, ID, rule); 线索编号 per SPEC §8: RULE-ID, household rules (SPEC §5
# LJ table: LJ02 LJ03 LJ13 LJ14 LJ15 LJ18 LJ19) RULE-H户编号; all 新增 in
# the first recorded period
T1=$(printf '\t')
cat >"$T/want.tsv" <<TSV
LJ01-$A${T1}新增${T1}2024-06${T1}LJ01${T1}性别与证件号码不符${T1}城关镇${T1}一村${T1}H1${T1}张三${T1}$A${T1}性别：女；证件号码：男${T1}${T1}roster${T1}${T1}
LJ18-HH1${T1}新增${T1}2024-06${T1}LJ18${T1}同一联系电话多户使用${T1}城关镇${T1}一村${T1}H1${T1}张三${T1}$A${T1}13812345678${T1}${T1}roster${T1}${T1}其他户：H2
LJ11-$B${T1}新增${T1}2024-06${T1}LJ11${T1}健康状况为残疾但证件非残疾人证${T1}城关镇${T1}一村${T1}H1${T1}李四${T1}$B${T1}健康状况：残疾；证件类型：居民身份证${T1}${T1}roster${T1}${T1}
LJ09-$C${T1}新增${T1}2024-06${T1}LJ09${T1}城乡居民医保与职工医保均未参加${T1}城关镇${T1}一村${T1}H2${T1}王五${T1}$C${T1}城乡居民医保：否；职工医保：否${T1}${T1}roster${T1}${T1}
LJ18-HH2${T1}新增${T1}2024-06${T1}LJ18${T1}同一联系电话多户使用${T1}城关镇${T1}一村${T1}H2${T1}王五${T1}$C${T1}13812345678${T1}${T1}roster${T1}${T1}其他户：H1
LJ03-HH3${T1}新增${T1}2024-06${T1}LJ03${T1}户主缺失或不唯一${T1}城关镇${T1}一村${T1}H3${T1}赵六${T1}$D${T1}户主人数：0${T1}${T1}roster${T1}${T1}
LJ04-$D${T1}新增${T1}2024-06${T1}LJ04${T1}未满16周岁却标注有劳动能力${T1}城关镇${T1}一村${T1}H3${T1}赵六${T1}$D${T1}年龄：14 岁；劳动技能：普通劳动力${T1}${T1}roster${T1}${T1}
LJ05-$D${T1}新增${T1}2024-06${T1}LJ05${T1}在校生标注有劳动能力${T1}城关镇${T1}一村${T1}H3${T1}赵六${T1}$D${T1}在校生状况：八年级；劳动技能：普通劳动力${T1}${T1}roster${T1}${T1}
LJ12-$E${T1}新增${T1}2024-06${T1}LJ12${T1}持残疾人证但健康状况无残疾${T1}城关镇${T1}一村${T1}H4${T1}钱七${T1}$E${T1}证件类型：残疾人证；证件号码：残疾人证号；健康状况：健康${T1}${T1}roster${T1}${T1}
LJ17-$E${T1}新增${T1}2024-06${T1}LJ17${T1}联系电话格式错误${T1}城关镇${T1}一村${T1}H4${T1}钱七${T1}$E${T1}1381234567${T1}${T1}roster${T1}${T1}
LJ13-HH5${T1}新增${T1}2024-06${T1}LJ13${T1}风险消除时间距识别监测不足半年${T1}城关镇${T1}一村${T1}H5${T1}孙八${T1}$F${T1}识别监测时间：2024-01；风险消除时间：2024-04${T1}${T1}roster${T1}${T1}相隔 3 个月，不足 6 个月
LJ14-HH5${T1}新增${T1}2024-06${T1}LJ14${T1}风险已消除但住房或饮水不安全${T1}城关镇${T1}一村${T1}H5${T1}孙八${T1}$F${T1}风险已消除：是；危房户：是${T1}${T1}roster${T1}${T1}
LJ15-HH5${T1}新增${T1}2024-06${T1}LJ15${T1}风险已消除但收入低于监测线${T1}城关镇${T1}一村${T1}H5${T1}孙八${T1}$F${T1}监测对象类别：边缘易致贫户；风险已消除：是；人均纯收入：5000.00${T1}${T1}roster${T1}${T1}监测线 7800.00 元
LJ16-$F${T1}新增${T1}2024-06${T1}LJ16${T1}特困供养人员标注务工${T1}城关镇${T1}一村${T1}H5${T1}孙八${T1}$F${T1}特困供养：是；务工状况：省外务工${T1}${T1}roster${T1}${T1}
LJ19-HH5${T1}新增${T1}2024-06${T1}LJ19${T1}同户成员乡镇或行政村不一致${T1}城关镇${T1}一村${T1}H5${T1}孙八${T1}$F${T1}城关镇/一村；城关镇/二村${T1}${T1}roster${T1}${T1}
TSV
RUN="--period 2024-06 --set income_line.2024=7800 --date 2024-07-05"
O=$T/o/2024-06
# shellcheck disable=SC2086
"$DZ" run -q --roster "$T/roster.csv" $RUN --out "$T/o"
check "run exits 0" test $? = 0
$PY "$TOP/tests/csvcol.py" "$O/checks.csv" --all >"$T/got.tsv"
same_file "checks.csv: every column as worked out by hand" "$T/want.tsv" "$T/got.tsv"
check "checks.csv header: the finding columns" \
	test "$(head -1 "$O/checks.csv")" = "$(head -1 "$O/mismatches.csv")"
check "no LJ row in mismatches.csv or warnings.csv" \
	test -z "$($PY "$TOP/tests/csvcol.py" "$O/mismatches.csv" 规则编号 | grep LJ; $PY "$TOP/tests/csvcol.py" "$O/warnings.csv" 规则编号 | grep LJ)"
$PY "$TOP/tests/csvcol.py" "$O/summary.csv" 规则编号,类别,执行情况,合计 | grep '^LJ' >"$T/sum.tsv"
check "summary: 19 LJ rows, family 逻辑校验, all evaluated" \
	test "$(grep -c "$T1逻辑校验${T1}已执行$T1" "$T/sum.tsv")" = 19
check "summary: LJ18 counts 2, LJ02 counts 0" \
	sh -c "grep -q '^LJ18${T1}逻辑校验${T1}已执行${T1}2\$' '$T/sum.tsv' && grep -q '^LJ02${T1}逻辑校验${T1}已执行${T1}0\$' '$T/sum.tsv'"

# the package: 逻辑校验.xlsx and the 台账 carry the LJ rows
$PY - "$O" <<'PYEOF'
import csv, os, sys
import openpyxl
o = sys.argv[1]
def ok(c, what):
    print(("ok - " if c else "not ok - ") + what)
with open(os.path.join(o, "checks.csv"), encoding="utf-8-sig", newline="") as f:
    want = list(csv.reader(f))
def rows(p):
    ws = openpyxl.load_workbook(p).worksheets[0]
    return [["" if v is None else str(v) for v in r] for r in ws.iter_rows(values_only=True)]
got = rows(os.path.join(o, "push", "城关镇", "逻辑校验.xlsx"))
ok(got[0][0] == "城关镇 2024-06 逻辑校验", "逻辑校验.xlsx title (%s)" % got[0][0])
ok(got[1:] == want, "逻辑校验.xlsx: the township's rows, every cell as in checks.csv")
county = rows(os.path.join(o, "checks.xlsx"))
ok(county[1:] == want, "checks.xlsx: every cell as in checks.csv")
led = rows(os.path.join(o, "push", "城关镇", "问题排查整改台账.xlsx"))
c = {h: i for i, h in enumerate(led[1])}   # the columns of SPEC §9
led = led[2:]
lj = [r for r in led if r[c["规则编号"]].startswith("LJ")]
ok(len(lj) == 15, "台账: 15 LJ rows (%d)" % len(lj))
ok(all(r[c["牵头单位"]] == "乡镇人民政府" for r in lj), "台账: 牵头单位 乡镇人民政府 for LJ rows")
ok(any(r[c["对照排查内容排查出的具体问题"]].startswith("LJ13 风险消除时间距识别监测不足半年；孙八") for r in lj), "台账: 具体问题 names rule and person")
PYEOF

# [run] checks
# shellcheck disable=SC2086
"$DZ" run -q --roster "$T/roster.csv" $RUN --out "$T/none" --set checks=none
check "checks=none exits 0" test $? = 0
check "checks=none: checks.csv holds only the header" test "$(wc -l <"$T/none/2024-06/checks.csv")" = 1
check "checks=none: every LJ rule 未执行：checks 未选择" test "$($PY "$TOP/tests/csvcol.py" \
	"$T/none/2024-06/summary.csv" 规则编号,执行情况 | grep -c "^LJ..${T1}未执行：checks 未选择\$")" = 19
check "checks=none: other rules still run" grep -q '"YJ06","收入低于监测线","预警","已执行","1"' "$T/none/2024-06/summary.csv"
# shellcheck disable=SC2086
"$DZ" run -q --roster "$T/roster.csv" $RUN --out "$T/two" --set 'checks=lj17, LJ01'
check "checks=LJ17,LJ01: only those two rules" \
	test "$($PY "$TOP/tests/csvcol.py" "$T/two/2024-06/checks.csv" 规则编号 | tr '\n' ' ')" = "LJ01 LJ17 "
printf '[run]\nchecks = LJ01,LJ20\n' >"$T/bad.ini"
# shellcheck disable=SC2086
"$DZ" run -q "$T/bad.ini" --roster "$T/roster.csv" $RUN --out "$T/bad" 2>"$T/bad.err"
check "checks = LJ01,LJ20: exit 2" test $? = 2
check "checks = LJ01,LJ20: the message names file, line, key and code" test "$(cat "$T/bad.err")" = \
	"dz: run: '$T/bad.ini' line 2: key 'checks': 'LJ20' is not a 逻辑校验 rule (all, none, or codes LJ01-LJ19 separated by commas)"
check "checks = LJ01,LJ20: nothing written" test ! -e "$T/bad"

# a roster without the LJ columns: 未执行 with the reason
cut -d, -f1-6 "$T/roster.csv" >"$T/plain.csv"
# shellcheck disable=SC2086
"$DZ" run -q --roster "$T/plain.csv" $RUN --out "$T/plain"
$PY "$TOP/tests/csvcol.py" "$T/plain/2024-06/summary.csv" 规则编号,执行情况 | grep '^LJ' >"$T/plain.tsv"
check "no 性别 column: LJ01 未执行：缺少字段 roster.sex" grep -q "^LJ01${T1}未执行：缺少字段 roster.sex\$" "$T/plain.tsv"
check "no 联系电话 column: LJ17 未执行：缺少字段 roster.phone" grep -q "^LJ17${T1}未执行：缺少字段 roster.phone\$" "$T/plain.tsv"
check "no 风险消除时间 column: LJ13 未执行：缺少字段 roster.risk_cleared" grep -q "^LJ13${T1}未执行：缺少字段 roster.risk_cleared\$" "$T/plain.tsv"
check "with only 证件号码 姓名 乡镇 行政村 户编号 与户主关系: LJ02 LJ03 LJ19 run, the 16 others 未执行：缺少字段 roster.…" \
	test "$(grep -c "^LJ..${T1}未执行：缺少字段 roster\." "$T/plain.tsv") $(grep "${T1}已执行\$" "$T/plain.tsv" | cut -f1 | tr '\n' ' ')" = "16 LJ02 LJ03 LJ19 "
check "relation and places present: LJ03 (H3 has no 户主) and LJ19 (H5) run" \
	test "$($PY "$TOP/tests/csvcol.py" "$T/plain/2024-06/checks.csv" 规则编号,证件号码 | tr '\n' ' ')" = "LJ03${T1}$D LJ19${T1}$F "
check "stderr summary names the family" sh -c "'$DZ' run --roster '$T/plain.csv' $RUN --out '$T/plain2' 2>&1 | grep -q '逻辑校验 2 条'"

# the record stream keeps the 残疾人证号: dz ingest + dz check give the same checks
"$DZ" ingest --kind roster --period 2024-06 "$T/roster.csv" >"$T/roster.rec" 2>/dev/null
check "the stream keeps the 20-character 残疾人证号" grep -q "^6	${E}12	" "$T/roster.rec"
"$DZ" check -q --period 2024-06 --set income_line.2024=7800 --out "$T/c" "$T/roster.rec"
check "dz check exits 0" test $? = 0
$PY "$TOP/tests/csvcol.py" "$T/c/2024-06/checks.csv" --all >"$T/got2.tsv"
same_file "dz check: the same checks.csv as worked out by hand" "$T/want.tsv" "$T/got2.tsv"
rm -rf "$T/c/2024-06/push"
"$DZ" push -q --period 2024-06 --out "$T/c" --date 2024-07-05
check "dz push exits 0" test $? = 0
check "dz push: 逻辑校验.xlsx in the package" test -s "$T/c/2024-06/push/城关镇/逻辑校验.xlsx"
