#!/bin/sh
# tests/run.sh BUILD... - run the unit and end-to-end suites once per build
# folder (normal, sanitizers) and end with one line "N passed, N failed".
# A unit test binary missing for a tests/unit/*.c, no shell test at all (the
# pattern matching nothing), and a test that reports no result each count
# as a failure.
TOP=$(cd "$(dirname "$0")/.." && pwd)
pass=0
fail=0
log=$(mktemp)
for b in "$@"; do
	case $b in /*) B=$b ;; *) B=$TOP/$b ;; esac
	echo "== suite in $b"
	export DZ="$B/dz" BUILD="$B" TOP
	export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
	for src in "$TOP"/tests/unit/*.c "$TOP"/tests/t[0-9]*.sh; do
		case $src in
		*.c) t=$B/tests/$(basename "$src" .c); cmd=$t ;;
		*) t=$src; cmd="sh $t" ;;
		esac
		if [ ! -f "$src" ] || { [ "$cmd" = "$t" ] && [ ! -x "$t" ]; }; then
			echo "-- $(basename "$t"): not ok - missing ($t)"
			fail=$((fail + 1))
			continue
		fi
		$cmd >"$log" 2>&1
		rc=$?
		p=$(grep -c '^ok ' "$log")
		f=$(grep -c '^not ok ' "$log")
		if [ "$rc" != 0 ] && [ "$f" = 0 ]; then
			f=1
			echo "not ok - $(basename "$t") exited $rc" >>"$log"
		elif [ "$p" = 0 ] && [ "$f" = 0 ]; then
			f=1
			echo "not ok - $(basename "$t") reported no result" >>"$log"
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
