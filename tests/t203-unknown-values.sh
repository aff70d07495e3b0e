#!/bin/sh
# t203: unknown is not empty (SPEC §4 value vocabularies, end of §5).  A
# DQ10/DQ11 value is unknown exactly as an empty cell, except where empty
# has a meaning - there it stays unknown.  A hand-made county (period
# 2024-06, Y = 2024, L = 7800), one person per case, the findings checked
# by hand below; through `dz run` and through `dz ingest` -> `dz check`
# (the record stream must carry "present but unknown").  Covers the policy
# column 享受特困供养政策情况, which the demo roster does not have.
. "$(dirname "$0")/lib.sh"
C="$T/c"
mkdir -p "$C"
$PY - "$C" "$TOP/tests/mkid.py" <<'PYEOF'
import os, subprocess, sys
D, MK = sys.argv[1], sys.argv[2]
def mkid(birth, seq):
    return subprocess.run(["/usr/bin/python3", MK, "411424", birth, str(seq)], capture_output=True,
                          text=True, check=True).stdout.strip()
def w(name, rows):
    with open(os.path.join(D, name), "w", encoding="utf-8", newline="") as f:
        for r in rows:
            f.write(",".join(r) + "\n")
RH = ["证件号码", "姓名", "乡镇", "行政村", "户编号", "与户主关系", "监测对象类别", "风险是否已消除", "在校生状况",
      "是否参加城乡居民基本医疗保险", "是否参加城镇职工基本医疗保险", "享受低保政策情况", "享受特困供养政策情况",
      "人均纯收入"]
roster, enroll, dibao, tekun, school, relief, exp = [RH], [["证件号码", "参保状态", "参保年度"]], \
    [["证件号码", "保障状态", "批准日期"]], [["证件号码", "保障状态", "认定日期"]], \
    [["证件号码", "学籍状态"]], [["证件号码", "救助日期"]], []
seq = [100]
def person(name, birth="19800101", mt="", risk="", school_st="", med="", staff="", dib="", tek="", inc=""):
    seq[0] += 2
    pid = mkid(birth, seq[0])
    roster.append([pid, name, "城关镇", "东关村", "H" + name, "户主", mt, risk, school_st, med, staff, dib, tek, inc])
    return pid
# med_enroll year: empty = any year; a year that does not parse (DQ11) is not empty
p = person("甲", med="是", staff="否"); enroll.append([p, "正常参保", "2023年度"]); exp.append("ZZ01 甲")
p = person("乙", med="否", staff="否"); enroll.append([p, "正常参保", "2023年度"])          # no ZZ02
p = person("丙", med="否", staff="否"); enroll.append([p, "正常参保", ""]); exp.append("ZZ02 丙")
p = person("丁", med="是", staff="否"); enroll.append([p, "正常参保", "2024年度"]); exp.append("ZZ01 丁")
p = person("戊", med="否", staff="否"); enroll.append([p, "参保缴费", "2024年度"])          # no ZZ02
# dibao/tekun status: empty = active, a word not listed is not active
p = person("己", dib="不享受"); dibao.append([p, "暂缓", "2020-01-01"])                      # no ZZ04
p = person("庚", dib="不享受"); dibao.append([p, "", "2020-01-01"]); exp.append("ZZ04 庚")
p = person("辛", tek="农村特困"); tekun.append([p, "暂缓", "2019-01-01"]); exp.append("ZZ05 辛")
# policy columns: empty = no (不享受), a word not listed is neither yes nor no
p = person("壬", tek="特困户"); tekun.append([p, "正常", "2019-01-01"])                      # no ZZ06
p = person("癸", tek="特困户")                                                              # no ZZ05
p = person("子", tek=""); tekun.append([p, "正常", "2019-01-01"]); exp.append("ZZ06 子")
p = person("丑", dib="低保户")                                                              # no ZZ03
p = person("寅", dib="低保户"); dibao.append([p, "正常", "2019-01-01"])                      # no ZZ04
# roster school_status: empty = not in school; 高二 is neither (aged 16: no YJ04)
p = person("卯", birth="20070501", school_st="高二"); school.append([p, "在读"])             # no ZZ09
p = person("辰", birth="20070502", school_st="高二")                                         # no ZZ08
p = person("巳", birth="20070503", school_st=""); school.append([p, "在读"]); exp.append("ZZ09 巳")
# monitor_type: empty = not monitored; a word not listed is neither, but
# risk cleared 是 is not under monitoring whatever the type
p = person("午", mt="监测户", risk="否", dib="农村低保", inc="5000")
dibao.append([p, "正常", "2024-06-10"]); relief.append([p, "2024-06-15"])                    # no YJ02/YJ03/YJ06
p = person("未", mt="", inc="5000", dib="农村低保")
dibao.append([p, "正常", "2024-06-11"]); relief.append([p, "2024-06-16"])
exp += ["YJ02 未", "YJ03 未", "YJ06 未"]
p = person("申", mt="监测户", risk="是", inc="5000"); exp.append("YJ06 申")
p = person("酉", mt="边缘易致贫户", risk="否", inc="5000"); relief.append([p, "2024-06-17"])  # monitored
w("roster.csv", roster); w("enroll.csv", enroll); w("dibao.csv", dibao); w("tekun.csv", tekun)
w("school.csv", school); w("relief.csv", relief)
with open(os.path.join(D, "want"), "w") as f:
    f.write("".join(sorted(e + "\n" for e in exp)))
PYEOF
cd "$C" || exit 1

# findings of a report as "RULE 姓名", sorted
found() {
	for f in mismatches warnings; do
		$PY "$TOP/tests/csvcol.py" "$1/2024-06/$f.csv" 规则编号,姓名 || echo "missing $f.csv"
	done | tr '\t' ' ' | LC_ALL=C sort
}
LC_ALL=C sort want >want.s

"$DZ" run -q --period 2024-06 --roster roster.csv --source med_enroll=enroll.csv --source dibao=dibao.csv \
	--source tekun=tekun.csv --source school=school.csv --source relief=relief.csv \
	--set income_line.2024=7800 --out run 2>err.run
check "dz run exits 0" test $? = 0
found run >got.run
same_file "dz run: findings as checked by hand" want.s got.run

# the stages: every value survives the record stream
ok_all=1
for s in roster:roster enroll:med_enroll dibao:dibao tekun:tekun school:school relief:relief; do
	f=${s%%:*} k=${s#*:}
	"$DZ" ingest -q --kind "$k" --period 2024-06 "$f.csv" >"$f.rec" 2>/dev/null || ok_all=0
done
check "dz ingest of every source exits 0" test $ok_all = 1
check "stream: year 2023年度 written as present but unknown" grep -q "	正常参保	?2023年度\$" enroll.rec
check "stream: an empty year stays empty" grep -q "	正常参保	\$" enroll.rec
check "stream: tekun policy 特困户 written as present but unknown" grep -q "	?特困户	" roster.rec
check "stream: school_status 高二 written as present but unknown" grep -q "	?高二	" roster.rec
check "stream: monitor_type 监测户 written as present but unknown" grep -q "	?监测户	" roster.rec
check "stream: dibao status 暂缓 written as present but unknown" grep -q "	?暂缓	" dibao.rec
"$DZ" check -q --period 2024-06 --set income_line.2024=7800 --out chk roster.rec enroll.rec dibao.rec \
	tekun.rec school.rec relief.rec 2>err.chk
check "dz check exits 0" test $? = 0
found chk >got.chk
same_file "dz ingest -> dz check: findings as checked by hand" want.s got.chk
