#!/bin/sh
# t425: the demo county as the HTML tables web systems send as "导出Excel"
# (.xls files that are HTML; tests/demo2html.py, Python's html module, not
# dz): GBK with <meta http-equiv ... charset=gbk>, one UTF-8 page with
# <meta charset="utf-8">, one declared GB2312, a search-form table before
# the data table, colspan title rows, <th> headers, &nbsp; and &amp;, a
# 合计 and a 制表人 row under the tables whose key column is not the first.
# `dz run` gives the findings of the demo's answer keys on every column
# (the location column names the page and the <tr> ordinal), the CSV run's
# quality findings at the mapped rows (less the DQ08/DQ09 rows a web page
# cannot carry), and each footer row is DQ14, not rejected (2 footers in
# the few rows of tekun would otherwise exceed the 5 % reject limit).
. "$(dirname "$0")/lib.sh"
DEMO=${DEMO:-$TOP/fixtures/demo}
H=$T/html
RUNDATE=2026-11-05
mkdir -p "$H"

if $PY "$TOP/tests/demo2html.py" --footers "$DEMO" "$H" 2>"$T/render.err"; then
	ok "demo county rendered as HTML tables"
else
	notok "demo county rendered as HTML tables"; sed 's/^/#   /' "$T/render.err" | tail -5
fi
check "pages are GBK with a <meta> charset, no UTF-8 (dibao)" \
	sh -c "grep -q 'charset=gbk' '$H/dibao.xls' && ! iconv -f UTF-8 -t UTF-8 '$H/dibao.xls' >/dev/null 2>&1"
gzip -n "$H/med_claims.xls"

awk '/^\[/ { keep = ($0 == "[run]" || $0 == "[townships]") } keep' "$DEMO/county.ini" >"$H/county.ini"
for k in roster household dibao tekun relief death med_enroll med_claims employment school water survey; do
	f=$k.xls
	[ $k = med_claims ] && f=$k.xls.gz
	[ $k = school ] && f=-
	printf '\n[source %s]\nkind = %s\nfile = %s\n' $k $k $f >>"$H/county.ini"
done

"$DZ" run -q "$DEMO/county.ini" --out "$T/csv" --date $RUNDATE >/dev/null 2>"$T/csv.stderr"
check "CSV demo run exits 0" test $? = 0
"$DZ" run -q "$H/county.ini" --out "$T/ho" --date $RUNDATE <"$H/school.xls" >/dev/null 2>"$T/html.stderr"
rc=$?
if [ "$rc" = 0 ]; then ok "HTML demo run exits 0"; else notok "HTML demo run exits 0 (exit $rc)"; sed 's/^/#   /' "$T/html.stderr" | head -10; fi
C=$T/csv/2026-10
O=$T/ho/2026-10

# findings on every column: the answer key, locations mapped to page:<tr>
for f in mismatches warnings; do
	awk -F'\t' -v OFS='\t' '
		FILENAME == ARGV[1] { map[$1 FS $2] = $3; next }
		FNR == 1 { print; next }
		$11 ~ /:[0-9]+$/ {
			n = split($11, a, ":"); file = a[1]; row = a[2]
			kind = file; sub(/\..*/, "", kind)
			ext = (kind == "med_claims") ? ".xls.gz" : ".xls"
			$11 = (kind == "school" ? "-" : kind ext) ":" ((kind FS row) in map ? map[kind FS row] : "unmapped" row)
		}
		{ print }
	' "$H/rowmap.tsv" "$DEMO/expected/$f.tsv" >"$T/$f.key"
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

# quality: the CSV run's (kind, row, code) mapped to <tr> ordinals, less
# DQ08/DQ09, plus the footer rows as DQ14
cols() { [ -f "$1" ] && $PY "$TOP/tests/csvcol.py" "$1" "$2" | LC_ALL=C sort; }
cols "$C/quality.csv" 来源类型,行号,代码 >"$T/q.csv"
awk -F'\t' -v OFS='\t' '
	FILENAME == ARGV[1] { map[$1 FS $2] = $3; next }
	FILENAME == ARGV[2] { print; next }
	$3 == "DQ08" || $3 == "DQ09" { next }
	{ print $1, (($1 FS $2) in map ? map[$1 FS $2] : "unmapped:" $2), $3 }
' "$H/rowmap.tsv" "$H/planted.tsv" "$T/q.csv" | LC_ALL=C sort >"$T/q.want"
cols "$O/quality.csv" 来源类型,行号,代码 >"$T/q.got"
n=$(wc -l <"$T/q.want")
if [ "$n" -gt 20 ] && cmp -s "$T/q.want" "$T/q.got"; then
	ok "quality: $n findings at the mapped rows, footers DQ14"
else
	notok "quality: differs ($n expected, $(wc -l <"$T/q.got") found)"
	diff "$T/q.want" "$T/q.got" | grep '^[<>]' | head -8 | sed 's/^/#   /'
fi
nf=$(grep -c '	DQ14$' "$H/planted.tsv")
check "$nf footer rows planted (合计 and 制表人 under the 9 tables whose key column is not the first)" test "$nf" = 18
check "a 合计 row is DQ14 with its text (dibao)" \
	grep -q '^"dibao","dibao.xls","[0-9]*","","合计","DQ14",' "$O/quality.csv"
