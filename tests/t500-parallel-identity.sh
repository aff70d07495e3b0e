#!/bin/sh
# dz run gives byte-identical outputs whatever the number of ingest threads
# (SPEC §6: identical inputs give byte-identical outputs): -j 1, -j 2 and
# -j 5 (more threads than CPUs) on the demo county, and -j 1 vs -j 2 on a
# generated 20,000-resident county (more rows per source, so more chance for
# threads to interleave).  Compared: mismatches.csv, warnings.csv,
# quality.csv, summary.csv, the list of files under push/ and every push workbook.
# No timing is asserted.
. "$(dirname "$0")/lib.sh"

# run_j NAME CONFIG J: dz run -q -j J into $T/NAME, exit status in $T/NAME.rc
run_j() {
	"$DZ" run -q -j "$3" "$2" --out "$T/$1" --date 2026-11-05 >"$T/$1.out" 2>"$T/$1.err"
	echo $? >"$T/$1.rc"
}

# same_run WHAT A B P: compare two run folders for period P
same_run() {
	same_file "$1: same exit status" "$T/$2.rc" "$T/$3.rc"
	for f in mismatches.csv warnings.csv quality.csv summary.csv; do
		same_file "$1: identical $f" "$T/$2/$4/$f" "$T/$3/$4/$f"
	done
	(cd "$T/$2/$4" && find push -type f | LC_ALL=C sort) >"$T/$2.list"
	(cd "$T/$3/$4" && find push -type f | LC_ALL=C sort) >"$T/$3.list"
	same_file "$1: same files under push/" "$T/$2.list" "$T/$3.list"
	differ=0
	n=0
	while IFS= read -r f; do
		case $f in *.xlsx) ;; *) continue ;; esac
		n=$((n + 1))
		if ! cmp -s "$T/$2/$4/$f" "$T/$3/$4/$f"; then
			differ=$((differ + 1))
			echo "#   differs: $f"
		fi
	done <"$T/$2.list"
	check "$1: all $n push workbooks identical" test "$differ" = 0
}

INI=$TOP/fixtures/demo/county.ini
P=$(sed -n 's/^period *= *//p' "$INI" | head -1)
for j in 1 2 5; do
	run_j "demo$j" "$INI" "$j"
done
check "demo -j 1 exits 0" test "$(cat "$T/demo1.rc")" = 0
# the comparison means something only if there is something to compare
check "demo has findings to compare" test "$(wc -l <"$T/demo1/$P/mismatches.csv")" -gt 1
check "demo has push packages to compare" test -n "$(find "$T/demo1/$P/push" -name '*.xlsx' 2>/dev/null | head -1)"
same_run "demo -j 1 vs -j 2" demo1 demo2 "$P"
same_run "demo -j 1 vs -j 5" demo1 demo5 "$P"

GEN=$BUILD/fixtures/gen
if [ -x "$GEN" ] && "$GEN" scale 20000 "$T/county" >"$T/gen.out" 2>&1; then
	ok "generated a 20,000-resident county"
	SINI=$T/county/county.ini
	SP=$(sed -n 's/^period *= *//p' "$SINI" | head -1)
	run_j big1 "$SINI" 1
	run_j big2 "$SINI" 2
	check "generated county -j 1 exits 0" test "$(cat "$T/big1.rc")" = 0
	check "generated county has findings to compare" test "$(wc -l <"$T/big1/$SP/warnings.csv")" -gt 1
	same_run "generated county -j 1 vs -j 2" big1 big2 "$SP"
else
	notok "generate a 20,000-resident county with $GEN scale"
	sed 's/^/#   /' "$T/gen.out" 2>/dev/null | head -5
fi
