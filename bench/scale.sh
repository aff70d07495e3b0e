#!/bin/sh
# bench/scale.sh [BUILD] - scale measurements behind `make bench-scale` and
# docs/scale.md.  Everything runs under `nice -n 10`.
#
#   1. the scaling table at DZ_SCALE_SIZES residents (default 10,000 to
#      10,000,000): dz run wall, CPU (user+sys), peak RSS, bytes per person,
#      each the median of DZ_SCALE_PAIRS runs paired with parse-only
#      (csvcount).  The 10,000,000 county (~1.9 GB of CSV) is generated into
#      the cache outside the tree (DZ_BENCH_DIR, default
#      ${XDG_CACHE_HOME:-~/.cache}/dz-bench) and skipped with a message when
#      its file system has less than 5 GB free (or the machine less than
#      4 GB of available memory);
#   2. the 50,000,000-person province extrapolated from the table (the
#      assumption is printed with the figures);
#   3. a province on one machine: DZ_SCALE_COUNTIES county runs (each the
#      1,000,000 county, its own OUT, dz -j 1) under GNU parallel -j NPROC
#      (xargs -P when parallel is not installed): wall, CPU, persons per
#      second, and the province's wall time at that rate;
#   4. the stage commands on the 1,000,000 county: dz ingest of every file
#      to a record stream (done once per department file, however many
#      counties use it) vs dz check reading the streams vs dz run.
#
# Environment: DZ_BENCH_DIR, DZ_BENCH_JOBS as bench/bench.sh;
#   DZ_SCALE_SIZES    default "10000 100000 1000000 10000000"
#   DZ_SCALE_PAIRS    runs per size, paired (default 3)
#   DZ_SCALE_COUNTIES counties in part 3 (default 8; 0 skips parts 3 and 4)
# Exit: 0 measured (or skipped with a message), 1 a step broke, 2 usage.
TOP=$(cd "$(dirname "$0")/.." && pwd)
[ $# -le 1 ] || { echo "usage: sh bench/scale.sh [BUILD]" >&2; exit 2; }
B=${1:-build}
case $B in /*) ;; *) B=$TOP/$B ;; esac
. "$TOP/bench/lib.sh"
SIZES=${DZ_SCALE_SIZES:-10000 100000 1000000 10000000}
PAIRS=${DZ_SCALE_PAIRS:-3}
COUNTIES=${DZ_SCALE_COUNTIES:-8}
PROVINCE=50000000
WARMUP=0
NICE="nice -n 10"
case $PAIRS in ''|*[!0-9]*|0) die "DZ_SCALE_PAIRS='$PAIRS' is not a positive number" ;; esac
case $COUNTIES in ''|*[!0-9]*) die "DZ_SCALE_COUNTIES='$COUNTIES' is not a number" ;; esac
once() {
	_once=$1
	shift
	$NICE "$RUSAGE" -o "$WORK/$_once.t" "$@" 2>>"$WORK/$_once.err"
}

echo "dz scale: $(date '+%Y-%m-%d %H:%M %Z'), $(nproc) CPUs ($(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)), $(awk '/^MemTotal/ { printf "%.0f GB", $2 / 1e6 }' /proc/meminfo) RAM, under nice -n 10"
echo "$("$DZ" version 2>/dev/null | head -1), $PAIRS runs per size paired with parse-only, page cache warm, MB = 10^6 bytes"
LOAD0=$(loadavg)
echo "load average before: $LOAD0"

# ---- 1. scaling table ----
echo
echo "== 1. scaling: dz run${JOBOPT:+ $JOBOPT}, medians of $PAIRS runs"
printf '  %10s %8s %10s %9s %9s %9s %9s %9s %10s\n' residents MB records "parse" "dz wall" "dz CPU" "÷ parse" "RSS MB" "bytes/res"
: >"$WORK/table"
for n in $SIZES; do
	d=$DATA/county-$n-$GENKEY
	if [ ! -f "$d/.complete" ]; then
		need=$(calc "int($n * 190 / 1e6 / 1000 * 2.5) + 1")   # GB: CSV plus headroom
		[ "$need" -lt 5 ] && need=5
		if [ "$n" -ge 5000000 ] && [ "$(freegb "$DATA")" -lt "$need" ]; then
			printf '  %10d  skipped: %s GB free on %s, %s GB needed for the generated county\n' "$n" "$(freegb "$DATA")" "$DATA" "$need"
			continue
		fi
	fi
	avail=$(awk '/^MemAvailable/ { printf "%d", $2 / 1e6 }' /proc/meminfo)
	if [ "$n" -ge 5000000 ] && [ "$avail" -lt $((n / 2500000)) ]; then
		printf '  %10d  skipped: %s GB of memory available, about %s GB needed\n' "$n" "$avail" $((n / 2500000))
		continue
	fi
	d=$(county "$n") || exit 1
	county_files "$d" >"$WORK/files-$n"
	F=$(tr '\n' ' ' <"$WORK/files-$n")
	# shellcheck disable=SC2086
	cat $F >/dev/null
	# shellcheck disable=SC2086
	sb=$(cat $F | wc -c) sr=$(records $F)
	eval "sp_$n() { once \"\$1\" \"\$CSVCOUNT\" $F; }"
	eval "sd_$n() { rm -rf \"\$WORK/out\"; once \"\$1\" \"\$DZ\" run \"$d/county.ini\" --out \"\$WORK/out\" -q \$JOBOPT; }"
	pairs "s$n" "sp_$n" "sd_$n"
	p=$WORK/s$n.p
	rss=$(max "$p" '$9 * 1024')
	printf '  %10d %8.1f %10d %8.3fs %8.3fs %8.3fs %9.2f %9.1f %10.0f\n' "$n" "$(calc "$sb / 1e6")" "$sr" \
		"$(median "$p" '$1')" "$(median "$p" '$6')" "$(median "$p" '$7 + $8')" "$(median "$p" '$6 / $1')" \
		"$(calc "$rss / 1e6")" "$(calc "$rss / $n")"
	[ "$(exits "s$n")" = 0 ] || echo "  (a run at $n residents failed: see the messages above)"
	echo "$n $(median "$p" '$6') $(median "$p" '$7 + $8') $rss $sb" >>"$WORK/table"
done
echo "  (parse: csvcount's wall; RSS: the largest of the runs; bytes/res = that peak ÷ residents)"

# ---- 2. the province, extrapolated ----
echo
echo "== 2. a province of $PROVINCE persons, extrapolated"
if [ -s "$WORK/table" ]; then
	awk -v P="$PROVINCE" -v cpus="$(nproc)" '
	{ n[NR] = $1; w[NR] = $2; c[NR] = $3; r[NR] = $4; b[NR] = $5 }
	END {
		k = NR
		printf "  from the largest county measured (%d residents): %.2f µs wall, %.2f µs CPU, %.0f bytes of peak RSS per person\n",
			n[k], w[k] / n[k] * 1e6, c[k] / n[k] * 1e6, r[k] / n[k]
		if (k > 1)
			printf "  from %d to %d residents the CPU per person changed by a factor %.2f, peak RSS per person by %.2f\n",
				n[k - 1], n[k], (c[k] / n[k]) / (c[k - 1] / n[k - 1]), (r[k] / n[k]) / (r[k - 1] / n[k - 1])
		printf "  assumption: wall, CPU and memory grow in proportion to persons beyond %d (the factors above say how\n", n[k]
		printf "  well that held between the two largest counties), the departments send as many rows per person as the\n"
		printf "  generated county (2.6 per resident), and the inputs come from the page cache or a disk that keeps up.\n"
		printf "  one run over all %d persons: about %.0f s wall, %.0f s CPU, %.1f GB peak RSS\n",
			P, w[k] / n[k] * P, c[k] / n[k] * P, r[k] / n[k] * P / 1e9
		printf "  counties in parallel (%d jobs, dz -j 1): about %.0f s wall when the CPUs are the limit (%.0f s CPU / %d)\n",
			cpus, c[k] / n[k] * P / cpus, c[k] / n[k] * P, cpus
	}' "$WORK/table"
else
	echo "  nothing measured"
fi

# ---- 3. a province on one machine ----
if [ "$COUNTIES" -gt 0 ]; then
	M=$(county 1000000) || exit 1
	county_files "$M" >"$WORK/mfiles"
	# shellcheck disable=SC2046
	cat $(cat "$WORK/mfiles") >/dev/null
	J=$(nproc)
	i=1
	: >"$WORK/inis"
	while [ $i -le "$COUNTIES" ]; do
		mkdir -p "$WORK/c$i"
		# the same inputs, its own output folder
		sed "s|^out *=.*|out = $WORK/c$i/out|; s|^file *= *\([^/]\)|file = $M/\1|" "$M/county.ini" >"$WORK/c$i/county.ini"
		echo "$WORK/c$i/county.ini" >>"$WORK/inis"
		i=$((i + 1))
	done
	if command -v parallel >/dev/null 2>&1; then
		runner="GNU parallel -j $J"
		once prov parallel --will-cite -j "$J" --halt now,fail=1 "$DZ" run {} -q -j 1 :::: "$WORK/inis"
	else
		runner="xargs -P $J (GNU parallel not installed)"
		once prov sh -c 'xargs -P "$1" -I{} "$2" run {} -q -j 1 <"$3"' sh "$J" "$DZ" "$WORK/inis"
	fi
	read -r pw pu ps prss px <"$WORK/prov.t"
	persons=$((COUNTIES * 1000000))
	echo
	echo "== 3. a province on one machine: $COUNTIES counties of 1,000,000 residents, $runner, dz run -j 1 each"
	printf '  %d persons: %.1f s wall, %.1f s CPU, %.2f CPUs busy, largest county peak RSS %.1f MB, exit %s\n' \
		"$persons" "$pw" "$(calc "$pu + $ps")" "$(calc "($pu + $ps) / $pw")" "$(calc "$prss * 1024 / 1e6")" "$px"
	printf '  %.0f persons per second on this machine -> %d persons in about %.1f minutes\n' \
		"$(calc "$persons / $pw")" "$PROVINCE" "$(calc "$PROVINCE / ($persons / $pw) / 60")"
	rm -rf "$WORK"/c*

	# ---- 4. stage commands ----
	PERIOD=$(sed -n 's/^[ \t]*period[ \t]*=[ \t]*\([0-9-]*\).*/\1/p' "$M/county.ini" | head -1)
	awk -v dir="$M" '
	function flush() { if (file != "") print kind "\t" (file ~ /^\// ? file : dir "/" file); kind = ""; file = "" }
	function val(s) { sub(/^[^=]*=[ \t]*/, "", s); sub(/[ \t\r]*$/, "", s); return s }
	/^[ \t]*\[/ { flush() }
	/^[ \t]*kind[ \t]*=/ { kind = val($0) }
	/^[ \t]*file[ \t]*=/ { file = val($0) }
	END { flush() }' "$M/county.ini" >"$WORK/sources"
	mkdir -p "$WORK/rec"
	: >"$WORK/ingest.t"
	while IFS='	' read -r kind f; do
		b=$(basename "$f")
		$NICE "$RUSAGE" -o "$WORK/ingest.t" sh -c '"$1" ingest -q --kind "$2" --period "$3" "$4" >"$5"' sh \
			"$DZ" "$kind" "$PERIOD" "$f" "$WORK/rec/$b.rec" 2>>"$WORK/ingest.err" || note "dz ingest $b failed"
	done <"$WORK/sources"
	rm -rf "$WORK/out"
	once check "$DZ" check --config "$M/county.ini" --period "$PERIOD" --out "$WORK/out" -q "$WORK"/rec/*.rec
	rm -rf "$WORK/out"
	once run "$DZ" run "$M/county.ini" --out "$WORK/out" -q -j 1
	echo
	echo "== 4. stage commands on the 1,000,000 county (one thread each)"
	awk -v csv="$(cat $(cut -f2 "$WORK/sources") | wc -c)" -v rec="$(cat "$WORK"/rec/*.rec | wc -c)" '
	FILENAME ~ /ingest/ { iw += $1; ic += $2 + $3; next }
	FILENAME ~ /check/ { cw = $1; cc = $2 + $3; next }
	{ rw = $1; rc = $2 + $3 }
	END {
		printf "  dz ingest, every file once:       %6.2f s CPU (%.0f MB of CSV -> %.0f MB of record streams)\n", ic, csv / 1e6, rec / 1e6
		printf "  dz check over the record streams: %6.2f s CPU\n", cc
		printf "  dz run -j 1 (both in one):         %6.2f s CPU\n", rc
		printf "  reading the streams costs about %.2f s CPU (check - (run - ingest)) where ingesting the exports costs %.2f s:\n", cc - (rc - ic), ic
		printf "  a county that reads a shared stream instead of a province export saves about %.0f %% of that reading\n",
			(1 - (cc - (rc - ic)) / ic) * 100
	}' "$WORK/ingest.t" "$WORK/check.t" "$WORK/run.t"
fi
echo
echo "load average after: $(loadavg) (before: $LOAD0)"
