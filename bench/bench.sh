#!/bin/sh
# bench/bench.sh [BUILD] - the benchmark behind `make bench` (docs/performance.md).
#
# Paired measurements that cannot fool themselves: the two commands compared
# run alternately (A B A B ..., DZ_BENCH_PAIRS pairs, at least 5, after one
# warm-up pair that is not counted) on the same generated county, so a change
# in the machine's speed or load falls on both members of a pair; every ratio
# is taken pair by pair and reported as its median with min–max.
#
#   1. dz run vs the parse-only baseline BUILD/bench/csvcount (libcsv, 64 KiB
#      chunks, one thread) on the N-resident county (default 1,000,000):
#      wall and CPU (user+sys, children included) ratios, peak RSS;
#   2. feature costs, each dz run with the feature on vs off, measured only
#      when dz accepts the "off" option (probed on the 10,000 county; a usage
#      error means the feature does not exist yet: "not measured: feature
#      absent"):  ledger    on vs --no-ledger         (<= 10 % more wall;
#                                  the ledger holds the previous month)
#                 checks    on vs --set checks=none   (<=  5 % more wall)
#   3. a scaling table: DZ_BENCH_SIZES and N residents: wall, CPU, peak RSS,
#      bytes per person (peak RSS / residents), paired ratio to parse-only;
#   4. with DZ_BENCH_DETAIL=1 also: CPU by layer (bench/layers), the largest
#      file plain / gzip / GB18030, and the county with med_claims doubled;
#   5. PASS/FAIL per target of the speed issue: dz wall <= 2.0 x parse-only
#      wall (paired median), dz CPU <= 4.0 x parse-only CPU (paired median),
#      peak RSS <= 200 MB (the largest of all dz runs), and the feature
#      targets that were measured.
# The load average is printed before and after; figures taken on a busy
# machine say so.  bench/scale.sh (make bench-scale) extends the table to
# 10,000,000 residents.
#
# Cost of one run: BUILD/bench/rusage (bench/rusage.c): wall clock around
# fork..wait4, the child's user+sys CPU and ru_maxrss (KiB, the largest of dz
# and the child processes it waited for).  Inputs are read once before
# measuring (page cache warm).  MB = 10^6 bytes.
#
# Environment:
#   DZ_BENCH_DIR    cache of generated counties (default
#                   ${XDG_CACHE_HOME:-~/.cache}/dz-bench, outside the tree)
#   DZ_BENCH_N      residents of the main county (default 1000000)
#   DZ_BENCH_PAIRS  pairs per comparison (default 7, at least 5)
#   DZ_BENCH_SIZES  smaller counties for the scaling table (default "10000 100000")
#   DZ_BENCH_JOBS   dz -j (default: dz's default, the number of CPUs)
#   DZ_BENCH_DETAIL 1: also the diagnostic sections (item 4)
#   DZ_BENCH_STRICT 1 (default): exit 1 when a target fails; 0: always 0
# Exit: 0 every measured target met, 1 a target failed or a step broke, 2 usage.
TOP=$(cd "$(dirname "$0")/.." && pwd)
[ $# -le 1 ] || { echo "usage: sh bench/bench.sh [BUILD]" >&2; exit 2; }
B=${1:-build}
case $B in /*) ;; *) B=$TOP/$B ;; esac
. "$TOP/bench/lib.sh"
N=${DZ_BENCH_N:-1000000}
SIZES=${DZ_BENCH_SIZES:-10000 100000}
PAIRS=${DZ_BENCH_PAIRS:-7}
STRICT=${DZ_BENCH_STRICT:-1}
DETAIL=${DZ_BENCH_DETAIL:-0}
case $PAIRS in ''|*[!0-9]*) die "DZ_BENCH_PAIRS='$PAIRS' is not a number" ;; esac
[ "$PAIRS" -ge 5 ] || die "DZ_BENCH_PAIRS must be at least 5"
case $N in ''|*[!0-9]*|0) die "DZ_BENCH_N='$N' is not a positive number" ;; esac
for n in $SIZES; do
	case $n in ''|*[!0-9]*|0) die "DZ_BENCH_SIZES: '$n' is not a positive number" ;; esac
done

echo "dz benchmark: $(date '+%Y-%m-%d %H:%M %Z'), $(nproc) CPUs ($(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)), $(awk '/^MemTotal/ { printf "%.0f GB", $2 / 1e6 }' /proc/meminfo) RAM"
echo "$("$DZ" version 2>/dev/null | head -1), $PAIRS pairs per comparison (+1 warm-up), page cache warm, MB = 10^6 bytes"
LOAD0=$(loadavg)
echo "load average before: $LOAD0"
awk -v l="${LOAD0%% *}" -v c="$(nproc)" 'BEGIN { if (l > 0.3 * c) print "  (the machine is busy: other work slows both sides of a pair, but not always alike)" }'

MAIN=$(county "$N") || exit 1
INI=$MAIN/county.ini
county_files "$MAIN" >"$WORK/files"
FILES=$(tr '\n' ' ' <"$WORK/files")
# shellcheck disable=SC2086
cat $FILES >/dev/null
# shellcheck disable=SC2086
IN_BYTES=$(cat $FILES | wc -c)
# shellcheck disable=SC2086
IN_REC=$(records $FILES)

# ---- 1. dz run vs parse-only ----
parse_main() { once "$1" "$CSVCOUNT" $FILES; }
dz_main() { dzrun "$1" "$INI"; }
# dz run into a fresh OUT whose ledger holds the previous month (seed_ledger)
dz_ledger() {
	rm -rf "$WORK/out"
	mkdir -p "$WORK/out" && cp "$WORK/seed.sqlite" "$WORK/out/dz-ledger.sqlite"
	# shellcheck disable=SC2086
	once "$1" "$DZ" run "$INI" --out "$WORK/out" -q $JOBOPT
}
seed_ledger() {
	p=$(sed -n 's/^period *= *//p' "$INI" | head -1)
	prev=$(date -d "${p}-01 -1 month" +%Y-%m 2>/dev/null) || { note "no previous month of '$p'"; return 1; }
	rm -rf "$WORK/seed"
	# shellcheck disable=SC2086
	"$DZ" run "$INI" --out "$WORK/seed" --period "$prev" -q $JOBOPT >/dev/null 2>&1 &&
		cp "$WORK/seed/dz-ledger.sqlite" "$WORK/seed.sqlite" && rm -rf "$WORK/seed"
}
echo
echo "== 1. dz run${JOBOPT:+ $JOBOPT} vs parse-only (csvcount, 1 thread): $N residents, $(wc -l <"$WORK/files") files, $(calc "sprintf(\"%.1f\", $IN_BYTES / 1e6)") MB, $IN_REC CSV records"
echo "   ($MAIN)"
pairs main parse_main dz_main
show_pairs main parse-only dz
P=$WORK/main.p
W_MED=$(median "$P" '$6 / $1') W_RANGE=$(minmax "$P" '$6 / $1')
C_MED=$(median "$P" '($7 + $8) / ($2 + $3)') C_RANGE=$(minmax "$P" '($7 + $8) / ($2 + $3)')
RSS_MAX=$(max "$P" '$9 * 1024 / 1e6') RSS_MED=$(median "$P" '$9 * 1024 / 1e6')
MAIN_EXIT=$(exits main)
printf '  medians: parse-only %.3f s wall, %.3f s CPU; dz %.3f s wall, %.3f s CPU\n' \
	"$(median "$P" '$1')" "$(median "$P" '$2 + $3')" "$(median "$P" '$6')" "$(median "$P" '$7 + $8')"
printf '  dz wall ÷ parse-only wall, pair by pair: median %.2f (min–max %s)\n' "$W_MED" "$W_RANGE"
printf '  dz CPU ÷ parse-only CPU, pair by pair:   median %.2f (min–max %s)\n' "$C_MED" "$C_RANGE"
printf '  dz peak RSS: median %.1f MB, largest %.1f MB (%.0f bytes per resident)\n' "$RSS_MED" "$RSS_MAX" \
	"$(calc "$RSS_MAX * 1e6 / $N")"

# ---- 2. features on vs off ----
# name | option that turns it off | wall limit in % | description
cat >"$WORK/features" <<'TBL'
ledger|--no-ledger|10|ledger on vs --no-ledger
checks|--set checks=none|5|LJ checks on vs --set checks=none
TBL
echo
echo "== 2. cost of features: dz run with the feature on vs off, pair by pair"
SMALL=$(county 10000) || exit 1
: >"$WORK/feature-results"
while IFS='|' read -r fname fopt flimit fdesc; do
	rm -rf "$WORK/probe"
	# shellcheck disable=SC2086
	"$DZ" run "$SMALL/county.ini" --out "$WORK/probe" -q $fopt >/dev/null 2>"$WORK/probe.err"
	prc=$?
	if [ "$prc" = 2 ]; then
		printf '  %-36s not measured: feature absent (dz: %s)\n' "$fdesc" "$(head -1 "$WORK/probe.err" | cut -c1-70)"
		continue
	fi
	if [ "$prc" != 0 ]; then
		printf '  %-36s probe failed: exit %s (%s)\n' "$fdesc" "$prc" "$(head -1 "$WORK/probe.err")"
		echo "$fname|$fdesc|$flimit|probe|0" >>"$WORK/feature-results"
		continue
	fi
	eval "off_$fname() { dzrun \"\$1\" \"\$INI\" $fopt; }"
	on=dz_main
	if [ "$fname" = ledger ]; then
		# the monthly case: the ledger already holds the previous month,
		# so the run also compares with it and replaces nothing
		seed_ledger || continue
		on=dz_ledger
	fi
	pairs "f-$fname" "off_$fname" "$on"
	show_pairs "f-$fname" off on
	m=$(median "$WORK/f-$fname.p" '$6 / $1')
	printf '  %-36s on ÷ off wall: median %.3f (min–max %s), CPU median %.3f\n' "$fdesc" "$m" \
		"$(minmax "$WORK/f-$fname.p" '$6 / $1')" "$(median "$WORK/f-$fname.p" '($7 + $8) / ($2 + $3)')"
	echo "$fname|$fdesc|$flimit|$m|$(exits "f-$fname")" >>"$WORK/feature-results"
done <"$WORK/features"

# ---- 3. scaling ----
echo
echo "== 3. scaling: dz run${JOBOPT:+ $JOBOPT}, medians of $PAIRS runs paired with parse-only"
printf '  %10s %8s %10s %9s %9s %9s %9s %10s\n' residents MB records "dz wall" "dz CPU" "÷ parse" "RSS MB" "bytes/res"
for n in $SIZES $N; do
	if [ "$n" = "$N" ]; then
		tag=main sb=$IN_BYTES sr=$IN_REC
	else
		d=$(county "$n") || exit 1
		county_files "$d" >"$WORK/sfiles"
		SF=$(tr '\n' ' ' <"$WORK/sfiles")
		# shellcheck disable=SC2086
		cat $SF >/dev/null
		# shellcheck disable=SC2086
		sb=$(cat $SF | wc -c) sr=$(records $SF)
		eval "sp_$n() { once \"\$1\" \"\$CSVCOUNT\" $SF; }"
		eval "sd_$n() { dzrun \"\$1\" \"$d/county.ini\"; }"
		tag=s$n
		pairs "$tag" "sp_$n" "sd_$n"
	fi
	p=$WORK/$tag.p
	printf '  %10d %8.1f %10d %8.3fs %8.3fs %9.2f %9.1f %10.0f\n' "$n" "$(calc "$sb / 1e6")" "$sr" \
		"$(median "$p" '$6')" "$(median "$p" '$7 + $8')" "$(median "$p" '$6 / $1')" \
		"$(max "$p" '$9 * 1024 / 1e6')" "$(calc "$(max "$p" '$9 * 1024') / $n")"
	[ "$(exits "$tag")" = 0 ] || echo "  (a run at $n residents failed: see the messages above)"
done
echo "  (RSS: the largest of the runs; bytes/res = that peak ÷ residents; make bench-scale adds 10,000,000)"

# ---- 4. diagnostics ----
if [ "$DETAIL" = 1 ]; then
	. "$TOP/bench/detail.sh"
fi

# ---- 5. targets ----
verdict() { if [ "$1" = 1 ]; then echo PASS; else echo FAIL; fi; }
LOAD1=$(loadavg)
echo
echo "load average after: $LOAD1 (before: $LOAD0)"
echo "== targets ($N residents, $(nproc) CPUs, paired medians of $PAIRS pairs)"
ok1=$(calc "($MAIN_EXIT == 0 && $W_MED <= 2.0) ? 1 : 0")
printf '  %s  dz wall <= 2.0 x parse-only wall       median %.2f (min–max %s)\n' "$(verdict "$ok1")" "$W_MED" "$W_RANGE"
ok2=$(calc "($MAIN_EXIT == 0 && $C_MED <= 4.0) ? 1 : 0")
printf '  %s  dz CPU <= 4.0 x parse-only CPU         median %.2f (min–max %s)\n' "$(verdict "$ok2")" "$C_MED" "$C_RANGE"
ok3=$(calc "($MAIN_EXIT == 0 && $RSS_MAX <= 200) ? 1 : 0")
printf '  %s  peak RSS <= 200 MB                     largest %.1f MB\n' "$(verdict "$ok3")" "$RSS_MAX"
[ "$MAIN_EXIT" = 0 ] || echo "        (dz run exited $MAIN_EXIT in a measured run: every target above fails)"
allok=$ok1$ok2$ok3
while IFS='|' read -r fname fdesc flimit m fx; do
	if [ "$m" = probe ]; then
		ok=0
		printf '  FAIL  %-36s the probe run failed\n' "$fdesc"
	else
		ok=$(calc "($fx == 0 && $m <= 1 + $flimit / 100) ? 1 : 0")
		printf '  %s  %-36s <= +%s%% wall: median %+.1f%%\n' "$(verdict "$ok")" "$fdesc" "$flimit" "$(calc "($m - 1) * 100")"
	fi
	allok=$allok$ok
done <"$WORK/feature-results"
case $allok in
*0*) echo "  some targets not met"; [ "$STRICT" = 0 ] && exit 0; exit 1 ;;
*) echo "  every measured target met"; exit 0 ;;
esac
