#!/bin/sh
# bench/profile.sh BUILD CONFIG [DZ-RUN-OPTION...] - where `dz run` spends
# its time, by phase and by function (docs/performance.md, "Profile").
#
# Samples BUILD/dz run CONFIG with perf (CPU clock, 999 Hz, DWARF call
# stacks, so a normal -O2 -g build will do) and prints:
#   - per phase: CPU seconds (samples / rate) and wall span (first..last
#     sample), phases told apart by the call stack:
#       ingest serial   ingest_run outside the worker threads
#       ingest threads  ingest_run on the -j worker threads
#       join + rules    join_eval
#       county reports  reports_thread / write_reports / report_write_*
#       push            push_* / build_worker / write_package
#       sort            findings_sort / quality_sort
#       other           start-up, config, teardown
#   - an estimate of the wall time on an idle machine (per stage the larger
#     of its busiest thread and its CPU spread over all CPUs), because on a
#     shared machine the wall span is stretched by other load;
#   - the threads of each phase: CPU and first..last sample;
#   - the 30 functions with the most self time.
# Needs perf (Debian package linux-perf) and kernel.perf_event_paranoid
# low enough (root is fine).  DZ_PROFILE_KEEP=DIR keeps DIR/perf.data.
set -u
[ $# -ge 2 ] || { echo "usage: sh bench/profile.sh BUILD CONFIG [dz run options]" >&2; exit 2; }
B=$1
CONFIG=$2
shift 2
DZ=$B/dz
[ -x "$DZ" ] || { echo "profile: '$DZ' missing" >&2; exit 1; }
command -v perf >/dev/null || { echo "profile: perf not installed (apt-get install linux-perf)" >&2; exit 1; }
W=$(mktemp -d "${TMPDIR:-/tmp}/dzprof.XXXXXX") || exit 1
trap 'rm -rf "$W"' EXIT
FREQ=999
perf record -q -F $FREQ --call-graph dwarf,16384 -o "$W/perf.data" \
	"$DZ" run -q "$CONFIG" --out "$W/out" "$@" 2>"$W/record.err"
rc=$?
[ "$rc" = 0 ] || [ "$rc" = 3 ] || { cat "$W/record.err" >&2; echo "profile: dz run exited $rc" >&2; exit 1; }
[ -n "${DZ_PROFILE_KEEP:-}" ] && mkdir -p "$DZ_PROFILE_KEEP" && cp "$W/perf.data" "$DZ_PROFILE_KEEP/"

echo "== phases of dz run (CPU = samples at $FREQ Hz; wall = first to last sample)"
perf script -i "$W/perf.data" -F tid,time,ip,sym,dso 2>/dev/null | awk -v hz=$FREQ -v ncpu="$(nproc)" '
function flush(   p) {
	if (t == "")
		return
	if (stk ~ / (push_[a-z_]*|build_worker|write_package) /) p = "push"
	else if (stk ~ / ingest_run /) p = (stk ~ / worker /) ? "ingest threads" : "ingest serial"
	else if (stk ~ / join_eval /) p = "join + rules"
	else if (stk ~ / (reports_thread|write_reports|report_write_[a-z_]*) /) p = "county reports"
	else if (stk ~ / (findings_sort|quality_sort) /) p = "sort"
	else p = "other"
	if (!(p in n)) { order[++np] = p; first[p] = t }
	if (!((p, tid) in tn)) { ntid[p]++; tids[p, ntid[p]] = tid; tfirst[p, tid] = t }
	tn[p, tid]++
	tlast[p, tid] = t
	n[p]++
	leafn[p, leaf]++
	last[p] = t
	total++
	t = ""
}
/^ *[0-9]+ +[0-9]+\.[0-9]+:/ { flush(); tid = $1; t = $2; sub(/:$/, "", t); stk = " "; leaf = ""; next }
NF >= 3 {
	# "ADDR SYM (DSO)" or "ADDR SYM (inlined)"; unknown symbols: name the library
	s = $2
	if (s == "[unknown]") { s = $NF; sub(/^\(.*\//, "", s); sub(/\)$/, "", s); s = s ":?" }
	if (leaf == "") leaf = s
	stk = stk s " "
}
END {
	flush()
	printf "  %-16s %8s %6s %10s\n", "phase", "CPU s", "CPU %", "wall span"
	for (i = 1; i <= np; i++) {
		p = order[i]
		printf "  %-16s %8.2f %5.1f%% %9.2fs\n", p, n[p] / hz, 100 * n[p] / total, last[p] - first[p]
	}
	printf "  %-16s %8.2f\n", "total", total / hz
	# critical path on an idle machine: the stages run one after another
	# (county reports and push overlap: one stage); a stage takes at least
	# its busiest thread and at least its CPU spread over all CPUs
	for (i = 1; i <= np; i++) {
		p = order[i]
		g = (p == "push" || p == "county reports") ? "output" : p
		scpu[g] += n[p] / hz
		for (k = 1; k <= ntid[p]; k++) {
			x = tids[p, k]
			tc[g, x] += tn[p, x] / hz
			if (tc[g, x] > smax[g]) smax[g] = tc[g, x]
		}
	}
	est = 0
	for (g in scpu)
		est += (smax[g] > scpu[g] / ncpu) ? smax[g] : scpu[g] / ncpu
	printf "  estimated wall on an idle %d-CPU machine: %.2f s\n", ncpu, est
	printf "\n  threads of each phase (CPU, from..to seconds after the phase began)\n"
	for (i = 1; i <= np; i++) {
		p = order[i]
		line = ""
		for (k = 1; k <= ntid[p]; k++) {
			x = tids[p, k]
			line = line sprintf("  [%.2f s, %.2f..%.2f]", tn[p, x] / hz, tfirst[p, x] - first[p], tlast[p, x] - first[p])
		}
		printf "  %-16s%s\n", p, line
	}
	for (i = 1; i <= np; i++) {
		p = order[i]
		if (n[p] < total / 50)
			continue
		printf "\n  %s: leaf functions\n", p
		m = 0
		for (k in leafn) {
			split(k, kk, SUBSEP)
			if (kk[1] == p) { m++; cnt[m] = leafn[k]; nam[m] = kk[2] }
		}
		for (a = 1; a <= m && a <= 8; a++) {   # partial selection sort: top 8
			b = a
			for (c = a + 1; c <= m; c++) if (cnt[c] > cnt[b]) b = c
			x = cnt[a]; cnt[a] = cnt[b]; cnt[b] = x; y = nam[a]; nam[a] = nam[b]; nam[b] = y
			printf "    %5.1f%%  %s\n", 100 * cnt[a] / n[p], nam[a]
		}
	}
}'
echo
echo "== functions by self time"
perf report -i "$W/perf.data" --stdio --no-children --sort dso,symbol 2>/dev/null |
	awk '/^ +[0-9.]+%/ { print "  " $0; if (++k == 30) exit }'
