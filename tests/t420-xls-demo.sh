#!/bin/sh
# t420: the demo county as Excel 97-2003 .xls workbooks, written by
# LibreOffice (headless, its own profile) from xlsx renderings made by
# openpyxl (tests/demo2xls.py) - nothing here is written by dz.  `dz run` on
# them gives the findings of the demo's answer keys on every column (the
# location column names the .xls file), the quality findings of the CSV run
# (less the DQ08/DQ09 rows a spreadsheet cannot carry), and the planted
# numeric ID is DQ05.  Rendered: IDs as text cells, one ID as a number
# (dibao), dates as date cells, amounts as numbers, household's yes/no as
# boolean cells, med_enroll's ="..." as a formula (LibreOffice caches 0 as
# its result; dz reads the string constant), dibao
# with a notes sheet first (no `sheet =`: the sheet holding the key column
# is chosen), med_claims gzip'd, school read from stdin.
. "$(dirname "$0")/lib.sh"
DEMO=${DEMO:-$TOP/fixtures/demo}
N=$T/xlsx
X=$T/xls
RUNDATE=2026-11-05
mkdir -p "$N" "$X"

if $PY "$TOP/tests/demo2xls.py" "$DEMO" "$N" 2>"$T/render.err"; then
	ok "demo county rendered as xlsx by openpyxl"
else
	notok "demo county rendered as xlsx by openpyxl"; sed 's/^/#   /' "$T/render.err" | tail -5
fi
# one soffice call for all twelve (it is slow to start)
soffice --headless "-env:UserInstallation=file://$T/lo" --convert-to xls --outdir "$X" "$N"/*.xlsx \
	>"$T/lo.log" 2>&1
check "LibreOffice wrote 12 .xls files" test "$(ls "$X"/*.xls 2>/dev/null | wc -l)" = 12
# they are OLE2 compound files (D0 CF 11 E0 A1 B1 1A E1)
check "the .xls files are OLE2 compound files" \
	test "$(head -c 8 "$X/roster.xls" | od -An -tx1 | tr -d ' \n')" = d0cf11e0a1b11ae1
gzip -n "$X/med_claims.xls"

awk '/^\[/ { keep = ($0 == "[run]" || $0 == "[townships]") } keep' "$DEMO/county.ini" >"$X/county.ini"
for k in roster household dibao tekun relief death med_enroll med_claims employment school water survey; do
	f=$k.xls
	[ $k = med_claims ] && f=$k.xls.gz
	[ $k = school ] && f=-
	printf '\n[source %s]\nkind = %s\nfile = %s\n' $k $k $f >>"$X/county.ini"
done

"$DZ" run -q "$DEMO/county.ini" --out "$T/csv" --date $RUNDATE >"$T/csv.stdout" 2>"$T/csv.stderr"
rc=$?
check "CSV demo run exits 0" test $rc = 0
"$DZ" run -q "$X/county.ini" --out "$T/xo" --date $RUNDATE <"$X/school.xls" >"$T/xls.stdout" 2>"$T/xls.stderr"
rc=$?
if [ "$rc" = 0 ]; then ok ".xls demo run exits 0"; else notok ".xls demo run exits 0 (exit $rc)"; sed 's/^/#   /' "$T/xls.stderr" | head -10; fi
C=$T/csv/2026-10
O=$T/xo/2026-10

# findings on every column: the answer key with its file names made .xls
for f in mismatches warnings; do
	sed 's/\([a-z_]*\)\.csv\(\.gz\)*:/\1.xls\2:/; s/school\.xls:/-:/' "$DEMO/expected/$f.tsv" >"$T/$f.key"
	if $PY "$TOP/tests/keycmp.py" "$T/$f.key" "$O/$f.csv" "$T/$f.want" "$T/$f.got" 2>"$T/perr"; then
		n=$(wc -l <"$T/$f.want")
		if [ "$n" -gt 0 ] && cmp -s "$T/$f.want" "$T/$f.got"; then
			ok "$f: $n findings equal the answer key on every column"
		else
			notok "$f: differs from the answer key ($n expected, $(wc -l <"$T/$f.got") found)"
			diff "$T/$f.want" "$T/$f.got" | grep '^[<>]' | head -6 | sed 's/^/#   /'
		fi
	else
		notok "$f: report readable"; sed 's/^/#   /' "$T/perr" | head -3
	fi
done

# quality: the CSV run's findings (kind, row, code, column) less DQ08/DQ09,
# plus the planted row
cols() { [ -f "$1" ] && $PY "$TOP/tests/csvcol.py" "$1" "$2" | LC_ALL=C sort; }
cols "$C/quality.csv" 来源类型,行号,代码,列 | awk -F'\t' '$3 != "DQ08" && $3 != "DQ09"' >"$T/q.csv"
{ cat "$T/q.csv"; awk -F'\t' -v OFS='\t' '{ print $1, $2, $3, "身份证号" }' "$N/planted.tsv"; } |
	LC_ALL=C sort >"$T/q.want"
cols "$O/quality.csv" 来源类型,行号,代码,列 >"$T/q.got"
n=$(wc -l <"$T/q.want")
if [ "$n" -gt 20 ] && cmp -s "$T/q.want" "$T/q.got"; then
	ok "quality: $n findings as in the CSV run (kind, row, code, column)"
else
	notok "quality: differs from the CSV run ($n expected, $(wc -l <"$T/q.got") found)"
	diff "$T/q.want" "$T/q.got" | grep '^[<>]' | head -8 | sed 's/^/#   /'
fi
check "the planted numeric ID is DQ05 on dibao's sheet row $(cut -f2 "$N/planted.tsv"), shown as a number" \
	grep -q "^\"dibao\",\"dibao.xls\",\"$(cut -f2 "$N/planted.tsv")\",\"身份证号\",\"4\.[0-9]*e+17\",\"DQ05\"" "$O/quality.csv"
