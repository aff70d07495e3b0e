#!/bin/sh
# Review of the rules and outputs against the letter of SPEC §5-§6, on a
# hand-made county (period 2024-06, R = 2024-06-30, L = 7800): window and
# month edges, the 1 September age rule, exact tolerances, head selection,
# household source vs head's row, monitoring semantics, routing of persons
# not on the roster (incl. 未知乡镇), township normalization; and an
# unusable roster: rules whose result depends on roster membership are
# not evaluated rather than silently wrong.
. "$(dirname "$0")/lib.sh"
C="$T/c"
mkdir -p "$C"
$PY - "$C" "$TOP/tests/mkid.py" <<'PYEOF'
import os, subprocess, sys
D = sys.argv[1]
MK = sys.argv[2]
def mkid(birth, seq, region="411424"):
    return subprocess.run(["/usr/bin/python3", MK, region, birth, str(seq)], capture_output=True, text=True, check=True).stdout.strip()
def w(name, rows, enc="utf-8"):
    with open(os.path.join(D, name), "w", encoding=enc, newline="") as f:
        for r in rows:
            f.write(",".join(r) + "\r\n")
RH = ["乡镇", "行政村", "户编号", "姓名", "证件号码", "与户主关系", "户类型", "监测对象类别", "风险是否已消除",
      "在校生状况", "务工状况", "是否参加城乡居民基本医疗保险", "是否参加城镇职工基本医疗保险", "享受低保政策情况",
      "是否特困供养人员", "人均纯收入", "上年人均纯收入", "整户无劳动能力兜底保障户", "是否解决安全饮用水", "是否危房户"]
roster, exp = [RH], []
def R(tw, vil, hid, name, pid, rel="", mt="", risk="", school="", work="", med="", staff="", dib="不享受", tek="",
      inc="", prev="", nolab="", water="", danger=""):
    roster.append([tw, vil, hid, name, pid, rel, "一般农户", mt, risk, school, work, med, staff, dib, tek, inc, prev, nolab, water, danger])
def E(rule, key, twp):
    exp.append((rule, key, twp))
GZ, LH, MZ = "城关镇", "柳河镇", "马庄乡"
# H1: no 户主; the head is the smallest ID; household values from the head's row only
a1, a2 = mkid("19800101", 11), mkid("19800101", 23)
R(GZ + "人民政府", "东关村", "H1", "甲二", a2, rel="配偶", mt="脱贫不稳定户", inc="100", water="否")
R(GZ + "人民政府", "东关村", "H1", "甲一", a1, rel="之子", inc="7799.99", water="是")
E("YJ06", a1, GZ); E("ZZ13", a1, GZ)
# H2: 户主 has the larger ID; income exactly at L and a drop of exactly 20 %
b1, b2 = mkid("19800101", 31), mkid("19800101", 45)
R(GZ, "东关村", "H2", "乙一", b1, rel="之女", inc="1", prev="1")
R(GZ, "东关村", "H2", "乙二", b2, rel="户主", inc="8000", prev="10000")
# H3: monitored on the roster; the household source clears 监测对象类别 -> not monitored
c1 = mkid("19800101", 51)
R(GZ, "西关村", "H3", "丙一", c1, rel="户主", mt="边缘易致贫户", inc="7000", prev="10000")
E("YJ06", c1, GZ); E("YJ07", c1, GZ)
# H4: risk cleared: not under monitoring; ZZ14; dibao started on the 1st of the month
d1 = mkid("19800101", 61)
R(LH, "北村", "H4", "丁一", d1, rel="户主", mt="脱贫不稳定户", risk="是", inc="5000", prev="0", nolab="是", danger="否")
E("YJ06", d1, LH); E("ZZ14", d1, LH); E("YJ02", d1, LH); E("ZS05", d1, LH); E("ZS03", d1, LH)
E("ZS02", d1, LH); E("ZZ04", d1, LH)
# H5: under monitoring (risk_cleared empty): no YJ02/YJ03/YJ06
e1 = mkid("19800101", 71)
R(LH, "北村", "H5", "戊一", e1, rel="户主", mt="突发严重困难户", inc="100", dib="农村低保")
# H6/H7: ZS02 at exactly the tolerance, and one fen over
f1, g1 = mkid("19800101", 81), mkid("19800101", 91)
R(LH, "南村", "H6", "己一", f1, rel="户主", inc="11000")
R(LH, "南村", "H7", "庚一", g1, rel="户主", inc="11000.01")
E("ZS02", g1, LH)
# YJ04 ages on S = 2023-09-01 (period 2024-06); empty school_status
kids = [("20170901", True), ("20170902", False), ("20070902", True), ("20070901", False), ("20170831", True)]
kid_ids = []
for i, (b, fire) in enumerate(kids):
    k = mkid(b, 101 + 2 * i)
    kid_ids.append(k)
    R(MZ, "东村", "K%d" % i, "童%d" % i, k, rel="户主", inc="9000")
    if fire:
        E("YJ04", k, MZ)
# school rows: dropout, suspended (YJ04 fires), studying (no YJ04, ZZ09 since empty = not in school)
k6, k7, k8 = mkid("20100101", 201), mkid("20100101", 203), mkid("20100101", 205)
for k, n in ((k6, "童6"), (k7, "童7"), (k8, "童8")):
    R(MZ, "东村", "K" + n, n, k, rel="户主", inc="9000")
E("YJ04", k6, MZ); E("YJ04", k8, MZ); E("ZZ09", k7, MZ)
# medical insurance
m1, m2, m3, m4 = (mkid("19700101", 301 + 2 * i) for i in range(4))
R(MZ, "西村", "M1", "医一", m1, rel="户主", med="是", inc="9000")
R(MZ, "西村", "M2", "医二", m2, rel="户主", med="否", inc="9000")
R(MZ, "西村", "M3", "医三", m3, rel="户主", med="否", staff="是", inc="9000")
R(MZ, "西村", "M4", "医四", m4, rel="户主", med="是", inc="9000")
E("ZZ01", m1, MZ); E("ZZ02", m2, MZ); E("ZZ01", m4, MZ)
# 享受低保政策情况 empty = no: an active dibao row gives ZZ04
n1 = mkid("19700101", 401)
R(MZ, "西村", "N1", "保一", n1, rel="户主", dib="", inc="9000")
E("ZZ04", n1, MZ)
# deaths: on R (ZZ07, and ZZ01 too: rules do not suppress each other), after R (nothing)
p1, p2 = mkid("19500101", 501), mkid("19500101", 503)
R(MZ, "西村", "P1", "亡一", p1, rel="户主", med="是", inc="9000")
R(MZ, "西村", "P2", "亡二", p2, rel="户主", inc="9000")
E("ZZ07", p1, MZ); E("ZZ01", p1, MZ); E("ZZ01", p2, MZ)
R(MZ, "西村", "P2", "亡二", p2, rel="户主", inc="9000")   # duplicate -> DQ07
roster[-2][11] = "是"   # P2 is insured in the system; no enrolment -> ZZ01
# names
z1, z2 = mkid("19700101", 601), mkid("19700101", 603)
R(MZ, "西村", "Z1", "阿依·古丽", z1, rel="户主", inc="9000")
R(MZ, "西村", "Z2", "张三", z2, rel="户主", inc="9000")
E("ZZ12", z2, MZ)
# work
w1, w2, w3, w4 = (mkid("19750101", 701 + 2 * i) for i in range(4))
R(MZ, "北村", "W1", "工一", w1, rel="户主", work="省外务工", inc="9000")
R(MZ, "北村", "W2", "工二", w2, rel="户主", work="未务工", inc="9000")
R(MZ, "北村", "W3", "工三", w3, rel="户主", inc="9000")
R(MZ, "北村", "W4", "工四", w4, rel="户主", inc="9000")
E("ZZ10", w1, MZ); E("ZZ11", w2, MZ); E("YJ05", w3, MZ)
# medical claims: window (R-365, R] = (2023-07-01, 2024-06-30]
y1, y2 = mkid("19700101", 801), mkid("19700101", 803)
R(MZ, "北村", "Y1", "病一", y1, rel="户主", inc="9000")
R(MZ, "北村", "Y2", "病二", y2, rel="户主", inc="9000")
E("YJ01", y1, MZ)
w("roster.csv", roster)
x = {i: mkid("19600101", 901 + 2 * i) for i in range(10)}
E("YJ02", x[1], MZ); E("YJ03", x[3], LH); E("YJ03", x[4], "未知乡镇"); E("YJ01", x[5], "未知乡镇")
E("ZZ15", x[7], MZ)
w("dibao.csv", [["乡镇", "行政村", "身份证号", "姓名", "保障状态", "保障开始日期"],
                ["", "", d1, "丁一", "正常", "2024-06-01"],
                ["", "", e1, "戊一", "正常", "2024-06-30"],
                ["", "", n1, "保一", "在保", "2020-01-01"],
                [MZ, "", x[1], "外一", "正常", "2024-06-30"],
                [MZ, "", x[2], "外二", "正常", "2024-05-31"],
                [MZ, "", x[2], "外二", "正常", "2024-07-01"],
                [MZ, "", x[3], "外三", "停保", "2019-01-01"],
                [MZ, "", x[7], "外七", "正常", "2010-01-01"],
                ["", "", z1, "阿依.古丽", "正常", "2010-01-01"],
                ["", "", z2, "张 四", "正常", "2010-01-01"]])
E("ZZ04", z1, MZ); E("ZZ04", z2, MZ)
w("relief.csv", [["乡镇", "行政村", "身份证号", "姓名", "救助金额", "救助日期"],
                 ["", "", e1, "戊一", "500", "2024-06-15"],
                 ["", "", x[3], "外三", "500", "2024-06-01"],
                 ["", "", x[4], "外四", "500", "2024-06-30"],
                 [MZ, "", x[6], "外六", "500", "2024-05-31"]])
w("med_enroll.csv", [["乡镇", "行政村", "身份证号", "姓名", "参保状态", "参保年度"],
                     ["", "", m1, "医一", "参保", "2023"],
                     ["", "", m2, "医二", "参保", ""],
                     ["", "", m3, "医三", "参保", "2024"],
                     ["", "", m4, "医四", "暂停", "2024"],
                     [LH, "", x[3], "外三", "停保", "2024"]])
w("death.csv", [["身份证号", "姓名", "死亡日期"], [p1, "亡一", "2024-06-30"], [p2, "亡二", "2024-07-01"],
                [x[7], "外七", "2024-01-01"]])
w("school.csv", [["身份证号", "姓名", "学籍状态"], [k6, "童6", "辍学"], [k7, "童7", "在读"], [k8, "童8", "休学"]])
w("employment.csv", [["身份证号", "姓名", "就业状态"], [w2, "工二", "就业"], [w3, "工三", "失业"],
                     [w4, "工四", "失业"], [w4, "工四", "就业"]])
w("med_claims.csv", [["身份证号", "姓名", "结算日期", "个人负担"],
                     [y1, "病一", "2023-07-02", "2500"], [y1, "病一", "2024-06-30", "2500.00"],
                     [y2, "病二", "2023-07-01", "5000"], [y2, "病二", "2024-06-30", "4999.99"],
                     [y2, "病二", "2024-07-01", "9999"],
                     [x[5], "外五", "2024-01-01", "20000"], [x[6], "外六", "2024-01-01", "19999.99"]])
w("water.csv", [["乡镇", "行政村", "水质检测结果", "供水保障情况"], [GZ + "办事处", "东关村", "不合格", ""],
                [LH, "南村", "合格", "正常"]])
E("YJ08", "东关村", GZ)
w("household.csv", [["户编号", "监测对象类别"], ["H3", ""]])
w("survey.csv", [["户编号", "核实家庭人口数", "核实人均纯收入", "是否危房户", "饮水是否安全"],
                 ["H4", "1", "7799.99", "是", ""], ["H6", "1", "10000", "", ""], ["H7", "1", "10000", "", ""],
                 ["H2", "2", "", "", ""], ["H9", "1", "", "", ""]])
with open(os.path.join(D, "expect.tsv"), "w") as f:
    for r in sorted(exp):
        f.write("\t".join(r) + "\n")
PYEOF
cd "$C" || exit 1
"$DZ" run -q --period 2024-06 --date 2024-07-05 --set income_line.2024=7800 --set max_reject_pct=50 \
	--roster roster.csv --household household.csv --source dibao=dibao.csv --source relief=relief.csv \
	--source med_enroll=med_enroll.csv --source death=death.csv --source school=school.csv \
	--source employment=employment.csv --source med_claims=med_claims.csv --source water=water.csv \
	--source survey=survey.csv --out out
check "run exits 0" test $? = 0
O=out/2024-06
for f in mismatches warnings; do
	$PY "$TOP/tests/csvcol.py" $O/$f.csv 规则编号,证件号码,行政村,乡镇
done | awk -F'\t' '{k=$2; if (k == "") k=$3; print $1 "\t" k "\t" $4}' | sort >got.tsv
while IFS='	' read -r rule key twp; do
	check "$rule fires for $key in $twp" grep -qxF "$rule	$key	$twp" got.tsv
done <expect.tsv
check "no other findings" sh -c 'test -s got.tsv && sort expect.tsv | cmp -s - got.tsv'
sort expect.tsv | diff - got.tsv | sed 's/^/#   /'
check "push folders: normalized townships only, no 未知乡镇" \
	sh -c "[ \"\$(ls $O/push | tr '\n' ' ')\" = '城关镇 柳河镇 马庄乡 ' ]"

# An unusable roster (no ID column): nobody can be told to be a roster
# member, so YJ01 (its threshold) and ZZ15 (routing) are not evaluated.
printf '姓名,乡镇\r\n甲,城关镇\r\n' >nokey.csv
"$DZ" run -q --period 2024-06 --roster nokey.csv --source med_claims=med_claims.csv \
	--source death=death.csv --source dibao=dibao.csv --out bad 2>/dev/null
check "unusable roster: exit 3" test $? = 3
for r in YJ01 ZZ15; do
	st=$($PY "$TOP/tests/csvcol.py" bad/2024-06.failed/summary.csv 规则编号,执行情况 | awk -F'\t' -v r=$r '$1 == r { print $2 }')
	check "unusable roster: $r not evaluated ($st)" test "$st" = "未执行：来源 roster 不可用"
done
check "unusable roster: no YJ01 rows" sh -c "test -f bad/2024-06.failed/warnings.csv && ! grep -q YJ01 bad/2024-06.failed/warnings.csv"
check "unusable roster: nothing pushed" test ! -e bad/2024-06/push -a ! -e bad/2024-06.failed/push
# an unusable department source is reported as unusable, not as missing
printf 'x' | gzip | head -c 12 >bad.csv.gz
"$DZ" run -q --period 2024-06 --roster roster.csv --source dibao=bad.csv.gz --out bad2 2>/dev/null
check "unusable dibao: exit 3" test $? = 3
st=$($PY "$TOP/tests/csvcol.py" bad2/2024-06.failed/summary.csv 规则编号,执行情况 | awk -F'\t' '$1 == "ZZ03" { print $2 }')
check "unusable dibao: ZZ03 says 来源 dibao 不可用 ($st)" test "$st" = "未执行：来源 dibao 不可用"
