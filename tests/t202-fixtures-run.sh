#!/bin/sh
# t202: `dz run` over the demo county reproduces the generator's answer
# keys on every column the key has: mismatches.csv (ZZ, ZS), warnings.csv
# (YJ) and checks.csv (LJ) rule by rule on 规则编号, 规则名称, 乡镇, 行政村, 户编号,
# 姓名, 证件号码, 系统值, 部门值, 来源, 来源位置, 说明 (formats: docs/rules.md);
# quality.csv (incl. the run-level DQ07 and DQ13) on 来源类型, 文件, 行号,
# 代码, 列, 原始值; and the per-source row account of summary.csv (the key's
# single-file account plus the run-level rejections DQ07/DQ13).
. "$(dirname "$0")/lib.sh"
DEMO=${DEMO:-$TOP/fixtures/demo}
KEY=$DEMO/expected
OUT=$T/out/2026-10

"$DZ" run -q "$DEMO/county.ini" --out "$T/out" >"$T/stdout" 2>"$T/stderr"
rc=$?
if [ "$rc" = 0 ]; then ok "dz run on the demo county exits 0"; else notok "dz run on the demo county exits 0 (exit $rc)"; sed 's/^/#   /' "$T/stderr" | head -10; fi

# keycmp.py fails (and the check with it) when a report or a column is missing
for f in mismatches warnings checks quality; do
	check "$f.csv has every column of the key" \
		$PY "$TOP/tests/keycmp.py" "$KEY/$f.tsv" "$OUT/$f.csv" "$T/$f.want" "$T/$f.got"
done

for r in ZZ01 ZZ02 ZZ03 ZZ04 ZZ05 ZZ06 ZZ07 ZZ08 ZZ09 ZZ10 ZZ11 ZZ12 ZZ13 ZZ14 ZZ15 \
         ZS01 ZS02 ZS03 ZS04 ZS05 YJ01 YJ02 YJ03 YJ04 YJ05 YJ06 YJ07 YJ08 \
         LJ01 LJ02 LJ03 LJ04 LJ05 LJ06 LJ07 LJ08 LJ09 LJ10 LJ11 LJ12 LJ13 LJ14 LJ15 LJ16 \
         LJ17 LJ18 LJ19; do
	case $r in YJ*) f=warnings ;; LJ*) f=checks ;; *) f=mismatches ;; esac
	grep "^$r	" "$T/$f.want" >"$T/want.$r"
	grep "^$r	" "$T/$f.got" >"$T/got.$r"
	nw=$(wc -l <"$T/want.$r")
	if [ "$nw" -gt 0 ] && cmp -s "$T/want.$r" "$T/got.$r"; then
		ok "$r: $nw findings as in the key, every column"
	else
		notok "$r: findings differ from the key ($nw expected, $(wc -l <"$T/got.$r") found)"
		diff "$T/want.$r" "$T/got.$r" | grep '^[<>]' | head -8 | sed 's/^</#   missing:/; s/^>/#   extra:  /'
	fi
done
# nothing outside the catalogue, nothing in the wrong file
grep -v '^Z[ZS][0-9][0-9]	' "$T/mismatches.got" >"$T/odd1"
grep -v '^YJ0[0-9]	' "$T/warnings.got" >"$T/odd2"
grep -v '^LJ[01][0-9]	' "$T/checks.got" >>"$T/odd2"
if [ -s "$T/mismatches.got" ] && [ -s "$T/warnings.got" ] && [ -s "$T/checks.got" ] && [ ! -s "$T/odd1" ] && [ ! -s "$T/odd2" ]; then
	ok "no rows outside the rule families"
else
	notok "rows outside the rule families (or no rows)"; head -3 "$T/odd1" "$T/odd2" | sed 's/^/#   /'
fi

# the demo roster has every LJ field: the summary says all 19 LJ rules ran
check "summary: LJ01-LJ19 all 已执行 on the demo" test "$($PY "$TOP/tests/csvcol.py" "$OUT/summary.csv" \
	规则编号,执行情况 | grep -c '^LJ[01][0-9]	已执行$')" = 19

# quality: every code the key has, every column
for c in $(cut -f4 "$T/quality.want" | LC_ALL=C sort -u); do
	grep "	$c	" "$T/quality.want" >"$T/qw.$c"
	grep "	$c	" "$T/quality.got" >"$T/qg.$c"
	if cmp -s "$T/qw.$c" "$T/qg.$c"; then
		ok "quality $c: $(wc -l <"$T/qw.$c") rows as in the key (row, column, raw value)"
	else
		notok "quality $c: differs from the key"
		diff "$T/qw.$c" "$T/qg.$c" | grep '^[<>]' | head -6 | sed 's/^</#   missing:/; s/^>/#   extra:  /'
	fi
done
check "quality.csv equals the key as a whole (no code the key lacks)" \
	sh -c "test -s '$T/quality.want' && cmp -s '$T/quality.want' '$T/quality.got'"

# per-source account: read and used as the key's single-file account, the
# roster's DQ07 and the survey's DQ13 rows moved from used to rejected
awk -F'\t' -v OFS='\t' '
	FILENAME == ARGV[1] { if (FNR > 1 && ($4 == "DQ07" || $4 == "DQ13")) run[$2]++; next }
	FNR > 1 { print $1, $1, $2, $3, $4 - run[$2], $5 + run[$2] }
' "$KEY/quality.tsv" "$KEY/rows.tsv" | LC_ALL=C sort >"$T/acct.want"
$PY - "$OUT/summary.csv" >"$T/acct.got" <<'PYEOF'
import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8-sig", newline="")))
i = rows.index([])
head = rows[i + 1]
for r in rows[i + 2:]:
    if not r:
        break
    d = dict(zip(head, r))
    print("\t".join(d[c] for c in ("来源", "类型", "文件", "读入行数", "使用行数", "拒收行数")))
PYEOF
LC_ALL=C sort -o "$T/acct.got" "$T/acct.got"
if [ "$(wc -l <"$T/acct.want")" -ge 12 ] && cmp -s "$T/acct.want" "$T/acct.got"; then
	ok "summary: rows read/used/rejected per source as in the key ($(wc -l <"$T/acct.want") sources)"
else
	notok "summary: rows read/used/rejected per source as in the key"
	diff "$T/acct.want" "$T/acct.got" | head -10 | sed 's/^/#   /'
fi
