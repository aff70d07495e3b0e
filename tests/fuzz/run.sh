#!/bin/sh
# tests/fuzz/run.sh BUILD SECONDS HARNESS... - run libFuzzer harnesses (make fuzz).
#
# For each harness: the committed seeds (tests/fuzz/corpus/<h>/) and
# reproducers (tests/fuzz/repro/<h>/) are copied into a work folder outside
# the tree ($FUZZ_WORK, default ${TMPDIR:-/tmp}/dz-fuzz/<h>/), whose corpus
# grows across runs; BUILD/fuzz/fuzz-<h> then runs for SECONDS under nice
# with input-size, memory and per-input time limits.  Crashes, timeouts,
# leaks and out-of-memory inputs land in <work>/<h>/artifacts/; commit each
# as tests/fuzz/repro/<h>/<name> (make test replays it) once it is fixed.
# Ends with one line per harness: CPU seconds, executions, cov, ft, corpus size, findings;
# exits 1 when any harness found something.
TOP=$(cd "$(dirname "$0")/../.." && pwd)
B=$1
SECS=$2
shift 2
WORK=${FUZZ_WORK:-${TMPDIR:-/tmp}/dz-fuzz}
RSS=${FUZZ_RSS_MB:-2048}
summary=""
found=0
for h in "$@"; do
	bin=$B/fuzz/fuzz-$h
	case $bin in /*) ;; *) bin=$TOP/$bin ;; esac
	# longest input: an ID cell is short, a workbook needs room for its zip
	case $h in
	idcard) maxlen=256 ;;
	xlsx|xls) maxlen=65536 ;;
	*) maxlen=16384 ;;
	esac
	d=$WORK/$h
	mkdir -p "$d/corpus" "$d/artifacts"
	for s in "$TOP/tests/fuzz/corpus/$h" "$TOP/tests/fuzz/repro/$h"; do
		[ -d "$s" ] && find "$s" -maxdepth 1 -type f ! -name '.*' -exec cp {} "$d/corpus/" \;
	done
	dict=""
	[ -f "$TOP/tests/fuzz/$h.dict" ] && dict="-dict=$TOP/tests/fuzz/$h.dict"
	echo "fuzz: $h for ${SECS}s (corpus $d/corpus, log $d/log)"
	before=$(ls "$d/artifacts" | wc -l)
	tm=""
	[ -x /usr/bin/time ] && tm="/usr/bin/time -f %U+%S -o $d/cputime"
	# shellcheck disable=SC2086
	nice -n "${FUZZ_NICE:-19}" $tm "$bin" -max_total_time="$SECS" -max_len="$maxlen" \
		-rss_limit_mb="$RSS" -malloc_limit_mb="$RSS" -timeout=10 -print_final_stats=1 \
		-artifact_prefix="$d/artifacts/" $dict "$d/corpus" >"$d/log" 2>&1
	rc=$?
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$d/log" | tail -1)
	last=$(grep -E '^#[0-9]+.*(cov|ft):' "$d/log" | tail -1)
	cov=$(echo "$last" | sed -n 's/.* cov: \([0-9]*\).*/\1/p')
	ft=$(echo "$last" | sed -n 's/.* ft: \([0-9]*\).*/\1/p')
	corp=$(ls "$d/corpus" | wc -l)
	cpu=$(tail -1 "$d/cputime" 2>/dev/null | awk -F+ 'NF == 2 { printf "%d", $1 + $2 }')
	after=$(ls "$d/artifacts" | wc -l)
	new=$((after - before))
	if [ "$rc" != 0 ] || [ "$new" != 0 ]; then
		found=1
		echo "fuzz: $h: exit $rc, $new new artifact(s) in $d/artifacts:"
		[ "$new" != 0 ] && ls -t "$d/artifacts" | head -"$new" | sed 's/^/  /'
		grep -m1 -E 'ERROR|SUMMARY|fuzz:' "$d/log" | sed 's/^/  /'
	fi
	summary="$summary$(printf '%-10s cpu %-7s execs %-10s cov %-6s ft %-6s corpus %-6s findings %s' \
		"$h" "${cpu:-?}" "${execs:-?}" "${cov:-?}" "${ft:-?}" "$corp" "$new")
"
done
printf '%s' "$summary"
exit $found
