# bench/detail.sh - the diagnostic sections of bench/bench.sh
# (DZ_BENCH_DETAIL=1), sourced by it after the paired measurements; uses its
# variables (MAIN, INI, FILES, WORK, PAIRS, ...).  Not targets: they say
# where time and memory go.
#   a. CPU by layer, one thread: libcsv (csvcount) -> + dz's reader
#      (bench/layers rows) -> + ingest without the join (bench/layers ingest)
#      -> + join, rules, reports, push (dz run -j 1); each layer paired with
#      csvcount;
#   b. dz ingest of the largest file as plain CSV, gzip and GB18030 copies,
#      each paired with csvcount of the plain file;
#   c. the county with med_claims' data rows twice over (same persons):
#      peak RSS rise (memory grows with persons, not with rows).

LAYERS=$B/bench/layers
if [ ! -x "$LAYERS" ] || [ "$TOP/bench/layers.c" -nt "$LAYERS" ] || [ "$B/libdz.a" -nt "$LAYERS" ]; then
	# shellcheck disable=SC2046
	${CC:-cc} -std=c11 -Wall -Wextra -D_GNU_SOURCE -O2 -g -I"$TOP/pipeline" -o "$LAYERS" \
		"$TOP/bench/layers.c" "$B/libdz.a" -lcsv \
		$(pkg-config --libs libxml-2.0 xlsxwriter minizip inih zlib sqlite3 freexl) -lpthread -lm ||
		die "cannot build $LAYERS"
fi
PERIOD=$(sed -n 's/^[ \t]*period[ \t]*=[ \t]*\([0-9-]*\).*/\1/p' "$INI" | head -1)
# kind<TAB>file per [source]
awk -v dir="$MAIN" '
function flush() { if (file != "") print kind "\t" (file ~ /^\// ? file : dir "/" file); kind = ""; file = "" }
function val(s) { sub(/^[^=]*=[ \t]*/, "", s); sub(/[ \t\r]*$/, "", s); return s }
/^[ \t]*\[/ { flush() }
/^[ \t]*kind[ \t]*=/ { kind = val($0) }
/^[ \t]*file[ \t]*=/ { file = val($0) }
END { flush() }' "$INI" >"$WORK/sources"
KFILES=$(awk -F'\t' '{ printf "%s=%s ", $1, $2 }' "$WORK/sources")

# a. layers
l_rows() { once "$1" "$LAYERS" rows $FILES; }
l_ingest() { once "$1" "$LAYERS" ingest "$PERIOD" $KFILES; }
l_run1() { dzrun "$1" "$INI" -j 1; }
echo
echo "== 4a. CPU by layer, one thread, all files (each paired with parse-only; medians)"
printf '  %-46s %9s %9s %12s\n' "" "CPU" "+ layer" "÷ parse CPU"
prev=$(median "$WORK/main.p" '$2 + $3')
printf '  %-46s %8.3fs %9s %12s\n' "libcsv (csvcount)" "$prev" "" ""
for l in rows ingest run1; do
	pairs "l-$l" parse_main "l_$l"
	case $l in
	rows) what="+ dz reader: container, encoding (rowsrc)" ;;
	ingest) what="+ ingest: headers, values, IDs, DQ (no join)" ;;
	run1) what="+ join, rules, reports, push (dz run -j 1)" ;;
	esac
	c=$(median "$WORK/l-$l.p" '$7 + $8')
	printf '  %-46s %8.3fs %+8.3fs %12.2f\n' "$what" "$c" "$(calc "$c - $prev")" \
		"$(median "$WORK/l-$l.p" '($7 + $8) / ($2 + $3)')"
	prev=$c
done

# b. the largest file
BIG_KIND="" BIG="" BIG_SIZE=0
while IFS='	' read -r kind f; do
	s=$(wc -c <"$f")
	if [ "$s" -gt "$BIG_SIZE" ]; then BIG_KIND=$kind BIG=$f BIG_SIZE=$s; fi
done <"$WORK/sources"
if [ ! -f "$MAIN/bench-big.csv.gz" ] || [ ! -f "$MAIN/bench-big.gb18030.csv" ]; then
	note "making gzip and GB18030 copies of $(basename "$BIG")"
	gzip -c "$BIG" >"$WORK/big.gz" && mv "$WORK/big.gz" "$MAIN/bench-big.csv.gz" || die "gzip failed"
	iconv -f UTF-8 -t GB18030 "$BIG" >"$WORK/big.gb" && mv "$WORK/big.gb" "$MAIN/bench-big.gb18030.csv" ||
		die "iconv to GB18030 failed"
fi
cat "$MAIN/bench-big.csv.gz" "$MAIN/bench-big.gb18030.csv" >/dev/null
echo
echo "== 4b. the largest file: $BIG_KIND $(basename "$BIG"), $(calc "sprintf(\"%.1f\", $BIG_SIZE / 1e6)") MB, $(records "$BIG") records"
b_parse() { once "$1" "$CSVCOUNT" "$BIG"; }
b_plain() { once "$1" "$DZ" ingest -q --kind "$BIG_KIND" --period "$PERIOD" "$BIG"; }
b_gzip() { once "$1" "$DZ" ingest -q --kind "$BIG_KIND" --period "$PERIOD" "$MAIN/bench-big.csv.gz"; }
b_gb18030() { once "$1" "$DZ" ingest -q --kind "$BIG_KIND" --period "$PERIOD" "$MAIN/bench-big.gb18030.csv"; }
printf '  %-28s %9s %9s %9s %14s\n' "" wall CPU "MB/s" "÷ parse wall"
for v in plain gzip gb18030; do
	pairs "b-$v" b_parse "b_$v"
	w=$(median "$WORK/b-$v.p" '$6')
	printf '  %-28s %8.3fs %8.3fs %9.1f %14.2f\n' "dz ingest, $v" "$w" "$(median "$WORK/b-$v.p" '$7 + $8')" \
		"$(calc "$BIG_SIZE / 1e6 / $w")" "$(median "$WORK/b-$v.p" '$6 / $1')"
done
printf '  %-28s %8.3fs\n' "parse-only of the plain CSV" "$(median "$WORK/b-plain.p" '$1')"

# c. med_claims doubled
CLAIMS=$(awk -F'\t' '$1 == "med_claims" { print $2; exit }' "$WORK/sources")
if [ -n "$CLAIMS" ]; then
	X2=$MAIN/bench-med_claims-x2.csv
	if [ ! -f "$X2" ] || [ ! -f "$MAIN/bench-x2.ini" ]; then
		h=$(awk 'NR > 20 { exit } /证件号码|身份证号|公民身份号码/ { print NR; exit }' "$CLAIMS")
		[ -n "$h" ] || die "cannot find the header row of $CLAIMS"
		{ cat "$CLAIMS"; tail -n +"$((h + 1))" "$CLAIMS"; } >"$WORK/x2" && mv "$WORK/x2" "$X2" || die "cannot write $X2"
		awk -v from="$(basename "$CLAIMS")" -v to="$(basename "$X2")" '
		/^[ \t]*file[ \t]*=/ { v = $0; sub(/^[^=]*=[ \t]*/, "", v); sub(/[ \t\r]*$/, "", v)
		                       if (v == from) { print "file = " to; next } }
		{ print }' "$INI" >"$WORK/x2.ini" && mv "$WORK/x2.ini" "$MAIN/bench-x2.ini" || die "cannot write bench-x2.ini"
	fi
	cat "$X2" >/dev/null
	x2_run() { dzrun "$1" "$MAIN/bench-x2.ini"; }
	pairs x2 dz_main x2_run
	echo
	echo "== 4c. memory: med_claims $(records "$CLAIMS") -> $(records "$X2") records, same persons (paired with the plain county)"
	printf '  peak RSS %.1f -> %.1f MB (median of pair ratios %+.1f%%), wall %.3f -> %.3f s\n' \
		"$(median "$WORK/x2.p" '$4 * 1024 / 1e6')" "$(median "$WORK/x2.p" '$9 * 1024 / 1e6')" \
		"$(median "$WORK/x2.p" '($9 / $4 - 1) * 100')" "$(median "$WORK/x2.p" '$1')" "$(median "$WORK/x2.p" '$6')"
fi
