#!/bin/sh
# tests/run.sh BUILD... - run the unit and end-to-end suites once per build
# folder (normal, sanitizers) and end with one line "N passed, N failed".
TOP=$(cd "$(dirname "$0")/.." && pwd)
pass=0
fail=0
log=$(mktemp)
for b in "$@"; do
	case $b in /*) B=$b ;; *) B=$TOP/$b ;; esac
	echo "== suite in $b"
	export DZ="$B/dz" BUILD="$B" TOP
	export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
	for t in "$B"/tests/* "$TOP"/tests/t[0-9]*.sh; do
		[ -f "$t" ] || continue
		case $t in *.sh) cmd="sh $t" ;; *) [ -x "$t" ] || continue; cmd="$t" ;; esac
		$cmd >"$log" 2>&1
		rc=$?
		p=$(grep -c '^ok ' "$log")
		f=$(grep -c '^not ok ' "$log")
		if [ "$rc" != 0 ] && [ "$f" = 0 ]; then
			f=1
			echo "not ok - $(basename "$t") exited $rc" >>"$log"
		fi
		pass=$((pass + p))
		fail=$((fail + f))
		if [ "$f" != 0 ]; then
			echo "-- $(basename "$t"): $p passed, $f failed"
			grep -v '^ok ' "$log" | head -40
		else
			echo "-- $(basename "$t"): $p passed"
		fi
	done
done
rm -f "$log"
echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
