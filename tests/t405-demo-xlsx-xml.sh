#!/bin/sh
# t405: the demo county as departments really send it - xlsx workbooks and
# XML exports written by independent writers (tests/demo2native.py: openpyxl,
# xml.etree) from fixtures/demo/*.csv(.gz) - gives the same findings as the
# CSV demo run, rule by rule (规则编号, 乡镇, 行政村, 户编号, 证件号码), and the
# same data-quality findings wherever the rendering keeps them.
#
# Rendered: roster as roster.dat (xlsx, no extension, two merged title rows,
# shared strings), household (boolean cells), dibao (data on a second sheet,
# `sheet = 低保`, plus one planted row with the ID stored as a number ->
# DQ05), tekun, med_enroll, med_claims (gzip'd xlsx, datetime cells),
# employment, school, survey as xlsx with real date cells and numeric
# amounts, IDs as text cells; death as XML with child elements (UTF-8),
# relief as relief.dat (XML, no extension, attributes, GBK), water as gzip'd
# XML nested one level deeper.  Rows the CSV demo plants as malformed (DQ08)
# are skipped; rows with invalid bytes (DQ09) are rendered with U+FFFD, the
# values dz used (see demo2native.py), so only those two codes disappear.
. "$(dirname "$0")/lib.sh"
DEMO=${DEMO:-$TOP/fixtures/demo}
N=$T/native
RUNDATE=2026-11-05
mkdir -p "$N"

if $PY "$TOP/tests/demo2native.py" "$DEMO" "$N" 2>"$T/render.err"; then
	ok "demo county rendered as xlsx and XML"
else
	notok "demo county rendered as xlsx and XML"; sed 's/^/#   /' "$T/render.err" | tail -5
fi

# the renderings are what they claim to be, whatever their names
{ head -c 2 "$N/roster.dat"; head -c 5 "$N/relief.dat"; gzip -dc "$N/med_claims.xlsx.gz" | head -c 2; } >"$T/magic" 2>/dev/null
check "roster.dat is a zip, relief.dat XML, med_claims.xlsx.gz a gzip'd zip" \
	test "$(cat "$T/magic")" = "PK<?xmlPK"

# same [run] and [townships] as the demo's county.ini, sources -> renderings
awk '/^\[/ { keep = ($0 == "[run]" || $0 == "[townships]") } keep' "$DEMO/county.ini" >"$N/county.ini"
cat >>"$N/county.ini" <<'EOF'

[source roster]
kind = roster
file = roster.dat

[source household]
kind = household
file = household.xlsx

[source dibao]
kind = dibao
file = dibao.xlsx
sheet = 低保

[source tekun]
kind = tekun
file = tekun.xlsx

[source relief]
kind = relief
file = relief.dat

[source death]
kind = death
file = death.xml

[source med_enroll]
kind = med_enroll
file = med_enroll.xlsx

[source med_claims]
kind = med_claims
file = med_claims.xlsx.gz

[source employment]
kind = employment
file = employment.xlsx

[source school]
kind = school
file = school.xlsx

[source water]
kind = water
file = water.xml.gz

[source survey]
kind = survey
file = survey.xlsx
EOF
check "config keeps the demo's [run] and [townships]" \
	grep -q '^柳河 = 柳河镇' "$N/county.ini"

"$DZ" run -q "$DEMO/county.ini" --out "$T/csv" --date $RUNDATE >"$T/csv.stdout" 2>"$T/csv.stderr"
rc=$?
if [ "$rc" = 0 ]; then ok "CSV demo run exits 0"; else notok "CSV demo run exits 0 (exit $rc)"; sed 's/^/#   /' "$T/csv.stderr" | head -5; fi
"$DZ" run -q "$N/county.ini" --out "$T/nat" --date $RUNDATE >"$T/nat.stdout" 2>"$T/nat.stderr"
rc=$?
if [ "$rc" = 0 ]; then ok "xlsx/XML demo run exits 0"; else notok "xlsx/XML demo run exits 0 (exit $rc)"; sed 's/^/#   /' "$T/nat.stderr" | head -10; fi
C=$T/csv/2026-10
X=$T/nat/2026-10

# cols OUT FILE COLUMNS: selected columns of a report, sorted ("" if missing)
cols() {
	if [ -f "$1" ]; then $PY "$TOP/tests/csvcol.py" "$1" "$2" | LC_ALL=C sort; fi
}
fc=规则编号,乡镇,行政村,户编号,证件号码
for f in mismatches warnings; do
	cols "$C/$f.csv" $fc >"$T/$f.csv.tsv"
	cols "$X/$f.csv" $fc >"$T/$f.nat.tsv"
	tail -n +2 "$DEMO/expected/$f.tsv" | cut -f1-5 | LC_ALL=C sort >"$T/$f.key.tsv"
done
# the reference itself: the CSV run reproduces the answer keys (as in t202)
if cmp -s "$T/mismatches.csv.tsv" "$T/mismatches.key.tsv" && cmp -s "$T/warnings.csv.tsv" "$T/warnings.key.tsv"; then
	ok "CSV demo run equals the answer keys"
else
	notok "CSV demo run equals the answer keys"
fi
check "CSV demo run has findings to compare" test -s "$T/mismatches.csv.tsv" -a -s "$T/warnings.csv.tsv"

for r in ZZ01 ZZ02 ZZ03 ZZ04 ZZ05 ZZ06 ZZ07 ZZ08 ZZ09 ZZ10 ZZ11 ZZ12 ZZ13 ZZ14 ZZ15 \
         ZS01 ZS02 ZS03 ZS04 ZS05 YJ01 YJ02 YJ03 YJ04 YJ05 YJ06 YJ07 YJ08; do
	case $r in YJ*) f=warnings ;; *) f=mismatches ;; esac
	grep "^$r	" "$T/$f.csv.tsv" >"$T/want.$r"
	grep "^$r	" "$T/$f.nat.tsv" >"$T/got.$r"
	nw=$(wc -l <"$T/want.$r")
	if cmp -s "$T/want.$r" "$T/got.$r"; then
		ok "$r: $nw findings as in the CSV run"
	else
		notok "$r: findings differ from the CSV run ($nw expected, $(wc -l <"$T/got.$r") found)"
		diff "$T/want.$r" "$T/got.$r" | grep '^[<>]' | head -8 | sed 's/^</#   missing:/; s/^>/#   extra:  /'
	fi
done
# nothing outside the catalogue
grep -v '^Z[ZS][0-9][0-9]	' "$T/mismatches.nat.tsv" >"$T/odd1"
grep -v '^YJ0[0-9]	' "$T/warnings.nat.tsv" >"$T/odd2"
if [ ! -s "$T/odd1" ] && [ ! -s "$T/odd2" ]; then ok "no rows outside the rule families"; else notok "rows outside the rule families"; head -3 "$T/odd1" "$T/odd2" | sed 's/^/#   /'; fi

# Data quality.  Expected: the CSV run's quality findings (kind, row, code)
# with DQ08/DQ09 dropped (not renderable), rows mapped to the rendering's row
# numbers (rowmap.tsv: sheet row = CSV row for xlsx, record ordinal for XML),
# plus the planted rows (planted.tsv).
cols "$C/quality.csv" 来源类型,行号,代码 >"$T/q.csv.tsv"
cols "$X/quality.csv" 来源类型,行号,代码 >"$T/q.nat.tsv"
awk -F'\t' -v OFS='\t' '
	FILENAME == ARGV[1] { map[$1 FS $2] = $3; next }
	FILENAME == ARGV[2] { print; next }
	$3 == "DQ08" || $3 == "DQ09" { next }
	($1 FS $2) in map { print $1, map[$1 FS $2], $3; next }
	{ print $1, "unmapped:" $2, $3 }
' "$N/rowmap.tsv" "$N/planted.tsv" "$T/q.csv.tsv" | LC_ALL=C sort >"$T/q.want.tsv"
# the rows skipped by the renderer are exactly the CSV run's DQ08 rows
awk -F'\t' -v OFS='\t' '$3 == "-" { print $1, $2 }' "$N/rowmap.tsv" | LC_ALL=C sort >"$T/skipped"
awk -F'\t' -v OFS='\t' '$3 == "DQ08" { print $1, $2 }' "$T/q.csv.tsv" | LC_ALL=C sort >"$T/dq08"
check "rows left out of the renderings are the CSV run's DQ08 rows ($(wc -l <"$T/skipped"))" \
	cmp -s "$T/skipped" "$T/dq08"
check "CSV run has DQ08 and DQ09 rows (the renderer's special cases are exercised)" \
	sh -c "grep -q '	DQ08\$' '$T/q.csv.tsv' && grep -q '	DQ09\$' '$T/q.csv.tsv'"
for q in DQ01 DQ02 DQ03 DQ04 DQ05 DQ06 DQ07 DQ10 DQ11 DQ12 DQ13; do
	grep "	$q\$" "$T/q.want.tsv" >"$T/qw.$q"
	grep "	$q\$" "$T/q.nat.tsv" >"$T/qg.$q"
	nw=$(wc -l <"$T/qw.$q")
	if [ "$nw" -gt 0 ] && cmp -s "$T/qw.$q" "$T/qg.$q"; then
		ok "quality $q: $nw rows, same kind and row as the CSV run"
	else
		notok "quality $q: differs ($nw expected, $(wc -l <"$T/qg.$q") found)"
		diff "$T/qw.$q" "$T/qg.$q" | grep '^[<>]' | head -6 | sed 's/^</#   missing:/; s/^>/#   extra:  /'
	fi
done
if grep -qv '	DQ0[1-7]$\|	DQ1[0-3]$' "$T/q.nat.tsv"; then
	notok "no quality codes but the renderable ones"; grep -v '	DQ0[1-7]$\|	DQ1[0-3]$' "$T/q.nat.tsv" | head -3 | sed 's/^/#   /'
else
	ok "no quality codes but the renderable ones (no DQ08, DQ09)"
fi
check "the planted numeric ID is DQ05 on dibao's sheet row $(cut -f2 "$N/planted.tsv")" \
	grep -q "^\"dibao\",\"dibao.xlsx\",\"$(cut -f2 "$N/planted.tsv")\",\"身份证号\",\"4\.[0-9]*e+17\",\"DQ05\"" "$X/quality.csv"

# row accounting per source (summary.csv, second table): read = used +
# rejected; read and rejected as in the CSV run less the skipped DQ08 rows,
# plus the planted row; used unchanged
acct() {
	[ -f "$1" ] || return
	$PY - "$1" <<'EOF'
import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8-sig", newline="")))
h = rows.index([]) + 1
head = rows[h]
for r in rows[h + 1:]:
    if not r:
        break
    d = dict(zip(head, r))
    print("\t".join((d["类型"], d["读入行数"], d["使用行数"], d["拒收行数"])))
EOF
}
acct "$C/summary.csv" | LC_ALL=C sort >"$T/acct.csv"
acct "$X/summary.csv" | LC_ALL=C sort >"$T/acct.nat"
awk -F'\t' -v OFS='\t' '
	FILENAME == ARGV[1] { if ($3 == "-") skip[$1]++; next }
	FILENAME == ARGV[2] { plant[$1]++; next }
	{ print $1, $2 - skip[$1] + plant[$1], $3, $4 - skip[$1] + plant[$1] }
' "$N/rowmap.tsv" "$N/planted.tsv" "$T/acct.csv" | LC_ALL=C sort >"$T/acct.want"
if [ "$(wc -l <"$T/acct.want")" = 12 ] && cmp -s "$T/acct.want" "$T/acct.nat"; then
	ok "rows read/used/rejected per source as in the CSV run (12 sources)"
else
	notok "rows read/used/rejected per source as in the CSV run"; diff "$T/acct.want" "$T/acct.nat" | head -10 | sed 's/^/#   /'
fi
awk -F'\t' '$2 != $3 + $4 { bad = 1 } END { exit bad }' "$T/acct.nat"
check "read = used + rejected for every rendered source" test $? = 0 -a -s "$T/acct.nat"
