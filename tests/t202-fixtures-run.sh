#!/bin/sh
# t202: `dz run` over the demo county reproduces the generator's answer
# keys: mismatches.csv (ZZ, ZS) and warnings.csv (YJ) rule by rule, on the
# columns 规则编号, 乡镇, 行政村, 户编号, 证件号码; and quality.csv (incl. the
# run-level DQ07 and DQ13) on 来源类型, 文件, 行号, 代码.
. "$(dirname "$0")/lib.sh"
DEMO=${DEMO:-$TOP/fixtures/demo}
KEY=$DEMO/expected
OUT=$T/out/2026-10

"$DZ" run -q "$DEMO/county.ini" --out "$T/out" >"$T/stdout" 2>"$T/stderr"
rc=$?
if [ "$rc" = 0 ]; then ok "dz run on the demo county exits 0"; else notok "dz run on the demo county exits 0 (exit $rc)"; sed 's/^/#   /' "$T/stderr" | head -10; fi

cols=规则编号,乡镇,行政村,户编号,证件号码
for f in mismatches warnings; do
	if [ -f "$OUT/$f.csv" ]; then
		ok "$f.csv written"
		$PY "$TOP/tests/csvcol.py" "$OUT/$f.csv" "$cols" | LC_ALL=C sort >"$T/$f.got"
	else
		notok "$f.csv written"
		: >"$T/$f.got"
	fi
	tail -n +2 "$KEY/$f.tsv" | LC_ALL=C sort >"$T/$f.want"
done

for r in ZZ01 ZZ02 ZZ03 ZZ04 ZZ05 ZZ06 ZZ07 ZZ08 ZZ09 ZZ10 ZZ11 ZZ12 ZZ13 ZZ14 ZZ15 \
         ZS01 ZS02 ZS03 ZS04 ZS05 YJ01 YJ02 YJ03 YJ04 YJ05 YJ06 YJ07 YJ08; do
	case $r in YJ*) f=warnings ;; *) f=mismatches ;; esac
	grep "^$r	" "$T/$f.want" >"$T/want.$r"
	grep "^$r	" "$T/$f.got" >"$T/got.$r"
	nw=$(wc -l <"$T/want.$r")
	if cmp -s "$T/want.$r" "$T/got.$r"; then
		ok "$r: $nw findings as in the key"
	else
		notok "$r: findings differ from the key ($nw expected, $(wc -l <"$T/got.$r") found)"
		diff "$T/want.$r" "$T/got.$r" | grep '^[<>]' | head -8 | sed 's/^</#   missing:/; s/^>/#   extra:  /'
	fi
done
# nothing outside the catalogue, nothing in the wrong file
grep -v '^Z[ZS][0-9][0-9]	' "$T/mismatches.got" >"$T/odd1"
grep -v '^YJ0[0-9]	' "$T/warnings.got" >"$T/odd2"
if [ ! -s "$T/odd1" ] && [ ! -s "$T/odd2" ]; then ok "no rows outside the rule families"; else notok "rows outside the rule families"; head -3 "$T/odd1" "$T/odd2" | sed 's/^/#   /'; fi

if [ -f "$OUT/quality.csv" ]; then
	$PY "$TOP/tests/csvcol.py" "$OUT/quality.csv" 来源类型,文件,行号,代码 | LC_ALL=C sort >"$T/q.got"
else
	: >"$T/q.got"
fi
tail -n +2 "$KEY/quality.tsv" | LC_ALL=C sort >"$T/q.want"
same_file "quality.csv equals the key (incl. DQ07, DQ13)" "$T/q.want" "$T/q.got"
