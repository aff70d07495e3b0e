#!/bin/sh
# A source that fails marks every rule that reads it "未执行：来源 X 不可用"
# in the summary, and only those (SPEC §5, end of "Data quality"; issue #8
# item 5).  Which rules read household-level values is worked out by hand
# from SPEC §5's rule texts: ZZ13 (water_safe, the household's village),
# ZZ14 (monitor_type, no_labor_household, risk_cleared), ZS01–ZS05 and YJ08
# (per household or village: the household's township and village place
# the finding; ZS02 income_pc, ZS03 dangerous_house, ZS04 water_safe, ZS05
# risk_cleared), YJ02/YJ03 ("not under monitoring": monitor_type,
# risk_cleared), YJ06 (income_pc, monitor_type), YJ07 (income_pc,
# income_pc_prev).  The other rules read person fields of the roster and
# department rows only.
. "$(dirname "$0")/lib.sh"

HH_READERS="ZZ13 ZZ14 ZS01 ZS02 ZS03 ZS04 ZS05 YJ02 YJ03 YJ06 YJ07 YJ08"
OTHERS="ZZ01 ZZ02 ZZ03 ZZ04 ZZ05 ZZ06 ZZ07 ZZ08 ZZ09 ZZ10 ZZ11 ZZ12 ZZ15 YJ01 YJ04 YJ05"

# pdir OUT: the reports of 2026-10 (those of a run that failed on its
# input are in 2026-10.failed, SPEC §6)
pdir() { if [ -d "$1/2026-10.failed" ]; then echo "$1/2026-10.failed"; else echo "$1/2026-10"; fi; }

# status OUT RULE: the summary's 执行情况 of RULE
status() {
	$PY "$TOP/tests/csvcol.py" "$(pdir "$1")/summary.csv" 规则编号,执行情况 |
		awk -F'\t' -v r="$2" '$1 == r { print $2; exit }'
}

# findings OUT RULE: rows of RULE in mismatches.csv and warnings.csv
findings() {
	for f in mismatches warnings; do
		$PY "$TOP/tests/csvcol.py" "$(pdir "$1")/$f.csv" 规则编号
	done | grep -c "^$2\$"
}

# the demo county with its household source as a gzip cut in the middle:
# the first rows reach the join, then the source fails
D=$T/demo
cp -r "$TOP/fixtures/demo" "$D"
gzip -9 -c "$D/household.csv" >"$T/hh.gz"
size=$(wc -c <"$T/hh.gz")
head -c $((size / 2)) "$T/hh.gz" >"$D/household.csv.gz"
rm "$D/household.csv"
sed -i 's/^file = household\.csv$/file = household.csv.gz/' "$D/county.ini"
check "the config reads household.csv.gz" grep -q '^file = household.csv.gz$' "$D/county.ini"

"$DZ" run -q "$D/county.ini" --out "$T/o1" --date 2026-11-05 2>"$T/err1"
check "truncated household gzip: exit 3" test $? = 3
check "summary written (in P.failed)" test -f "$T/o1/2026-10.failed/summary.csv"
for r in $HH_READERS; do
	st=$(status "$T/o1" $r)
	check "household failed: $r says 来源 household 不可用 ($st)" test "$st" = "未执行：来源 household 不可用"
	n=$(findings "$T/o1" $r)
	check "household failed: no $r findings ($n)" test "$n" = 0
done
for r in $OTHERS; do
	st=$(status "$T/o1" $r)
	check "household failed: $r still 已执行 ($st)" test "$st" = "已执行"
done
# the rules that still ran report the same findings as the complete demo
"$DZ" run -q "$TOP/fixtures/demo/county.ini" --out "$T/full" --date 2026-11-05 2>/dev/null
check "complete demo: exit 0" test $? = 0
for r in ZZ01 ZZ03 ZZ07 ZZ12 YJ01 YJ04; do
	a=$(findings "$T/o1" $r)
	b=$(findings "$T/full" $r)
	check "household failed: $r has its $b findings ($a)" test "$a" = "$b" -a "$b" -gt 0
done

# a failed household source with only income columns: only the rules that
# read income are marked (monitor_type, risk_cleared and the place still
# come from the roster)
D2=$T/demo2
cp -r "$TOP/fixtures/demo" "$D2"
$PY - "$D2/household.csv" "$T/hh2.csv" <<'PY'
import csv, sys
src, dst = sys.argv[1], sys.argv[2]
with open(src, encoding="utf-8-sig", newline="") as f:
    rows = list(csv.reader(f))
keep = [rows[0].index("户编号")] + [i for i, h in enumerate(rows[0]) if "收入" in h]
with open(dst, "w", encoding="utf-8", newline="") as f:
    w = csv.writer(f, lineterminator="\r\n")
    for r in rows:
        w.writerow([r[i] for i in keep])
PY
check "household with income columns only: $(head -1 "$T/hh2.csv")" test "$(head -1 "$T/hh2.csv" | tr -d '\r')" = "户编号,家庭人均纯收入,上年家庭人均纯收入"
gzip -9 -c "$T/hh2.csv" >"$T/hh2.gz"
size=$(wc -c <"$T/hh2.gz")
head -c $((size / 2)) "$T/hh2.gz" >"$D2/household.csv.gz"
rm "$D2/household.csv"
sed -i 's/^file = household\.csv$/file = household.csv.gz/' "$D2/county.ini"
"$DZ" run -q "$D2/county.ini" --out "$T/o2" --date 2026-11-05 2>/dev/null
check "truncated income-only household: exit 3" test $? = 3
for r in ZS02 YJ06 YJ07; do
	st=$(status "$T/o2" $r)
	check "income-only household failed: $r says 来源 household 不可用 ($st)" test "$st" = "未执行：来源 household 不可用"
done
for r in ZZ13 ZZ14 ZS01 ZS03 ZS04 ZS05 YJ02 YJ03 YJ08 $OTHERS; do
	st=$(status "$T/o2" $r)
	check "income-only household failed: $r still 已执行 ($st)" test "$st" = "已执行"
done
