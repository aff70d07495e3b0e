#!/bin/sh
# t800: every fuzz harness (tests/fuzz/<h>.c) replays its committed seeds and
# reproducers clean under this build (the sanitizer build: ASan+UBSan, leaks
# on), and replays all of them: the count printed equals the files present.
. "$(dirname "$0")/lib.sh"
n=0
for src in "$TOP"/tests/fuzz/*.c; do
	h=$(basename "$src" .c)
	[ "$h" = replay ] && continue
	n=$((n + 1))
	bin=$BUILD/fuzz/replay-$h
	if [ ! -x "$bin" ]; then
		notok "$h: no replay binary $bin"
		continue
	fi
	dirs=""
	want=0
	for d in "$TOP/tests/fuzz/corpus/$h" "$TOP/tests/fuzz/repro/$h"; do
		[ -d "$d" ] || continue
		dirs="$dirs $d"
		want=$((want + $(find "$d" -type f ! -name '.*' | wc -l)))
	done
	if [ "$want" = 0 ]; then
		notok "$h: no seeds"
		continue
	fi
	# shellcheck disable=SC2086
	"$bin" $dirs >"$T/out" 2>"$T/err"
	rc=$?
	if [ "$rc" = 0 ] && [ "$(cat "$T/out")" = "replayed $want inputs" ]; then
		ok "$h: $want seeds and reproducers replay clean"
	else
		notok "$h: exit $rc, '$(cat "$T/out")', want $want inputs"
		head -30 "$T/err" | sed 's/^/#   /'
	fi
done
check "harnesses found" [ "$n" -ge 6 ]

# the replay itself fails on a harness failure: a file that is not there
# exits 1, so a missing corpus cannot pass silently
bin=$BUILD/fuzz/replay-idcard
"$bin" "$T/nonexistent" >/dev/null 2>"$T/err"
rc=$?
check "replay: a missing input fails (exit $rc)" [ "$rc" = 1 ]
