#!/bin/sh
# t201: `dz ingest` over every demo file (kind from county.ini) finds
# exactly the single-file data-quality cases planted by the generator
# (fixtures/demo/expected/quality.tsv without the run-level DQ07/DQ13, on
# 来源类型, 文件, 行号, 代码, 列 and 原始值),
# and the row account holds: read = used + rejected, equal to the
# generator's own count (expected/rows.tsv).
. "$(dirname "$0")/lib.sh"
DEMO=${DEMO:-$TOP/fixtures/demo}
KEY=$DEMO/expected

# kind and file of every [source] section
awk 'function flush() { if (k != "" && f != "") print k " " f; k = f = "" }
     /^\[/ { flush(); s = ($0 ~ /^\[source /); next }
     s && /^kind[ \t]*=/ { sub(/^kind[ \t]*=[ \t]*/, ""); k = $0 }
     s && /^file[ \t]*=/ { sub(/^file[ \t]*=[ \t]*/, ""); f = $0 }
     END { flush() }' "$DEMO/county.ini" >"$T/sources"
n=$(wc -l <"$T/sources")
if [ "$n" -ge 12 ]; then ok "county.ini lists $n sources"; else notok "county.ini lists $n sources"; fi

while read -r kind file; do
	rm -f "$T/q.csv"
	"$DZ" ingest --kind "$kind" --period 2026-10 --quality "$T/q.csv" "$DEMO/$file" >"$T/rec" 2>"$T/err"
	rc=$?
	if [ "$rc" = 0 ]; then ok "ingest $file exits 0"; else notok "ingest $file exits 0 (exit $rc)"; sed 's/^/#   /' "$T/err" | head -5; fi
	# (b) quality findings on every column of the key: kind, file, row,
	# code, column, raw value (the run-level DQ07/DQ13 are not ingest's)
	awk -F'\t' -v f="$file" 'NR == 1 || ($2 == f && $4 != "DQ07" && $4 != "DQ13")' "$KEY/quality.tsv" >"$T/key.tsv"
	if $PY "$TOP/tests/keycmp.py" "$T/key.tsv" "$T/q.csv" "$T/want" "$T/got" 2>"$T/perr"; then
		same_file "ingest $file: quality findings equal the key ($(wc -l <"$T/want") rows, every column)" "$T/want" "$T/got"
	else
		notok "ingest $file: quality file written with the key's columns"; sed 's/^/#   /' "$T/perr" | head -3
	fi
	# (c) the row account in the record stream trailer
	end=$(grep '^#end' "$T/rec" | tail -1)
	read_n=$(printf '%s\n' "$end" | tr '\t' '\n' | sed -n 's/^read=//p')
	used_n=$(printf '%s\n' "$end" | tr '\t' '\n' | sed -n 's/^used=//p')
	rej_n=$(printf '%s\n' "$end" | tr '\t' '\n' | sed -n 's/^rejected=//p')
	if [ -n "$read_n" ] && [ -n "$used_n" ] && [ -n "$rej_n" ] && [ "$read_n" = $((used_n + rej_n)) ]; then
		ok "ingest $file: read $read_n = used $used_n + rejected $rej_n"
	else
		notok "ingest $file: read = used + rejected (trailer: '$end')"
	fi
	want_acct=$(awk -F'\t' -v f="$file" '$2==f{print $3" "$4" "$5}' "$KEY/rows.tsv")
	if [ "$read_n $used_n $rej_n" = "$want_acct" ]; then
		ok "ingest $file: account equals the key ($want_acct)"
	else
		notok "ingest $file: account '$read_n $used_n $rej_n', key '$want_acct'"
	fi
	# records in the stream = used rows
	nrec=$(grep -vc '^#\|^_row' "$T/rec")
	if [ "$nrec" = "$used_n" ]; then ok "ingest $file: $nrec records written"; else notok "ingest $file: $nrec records written, used=$used_n"; fi
done <"$T/sources"
