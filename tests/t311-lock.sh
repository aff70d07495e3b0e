#!/bin/sh
# One dz at a time per OUT (SPEC §6): a second dz run / dz check / dz push on
# the same OUT exits 1 at once naming the holder, or waits with --wait; a
# stale lock of a dead process (or of a reused PID) is taken over; two runs
# started together never interleave and the survivor's outputs are complete.
. "$(dirname "$0")/lib.sh"
DEMO="$TOP/fixtures/demo"
INI="$DEMO/county.ini"
P=$(sed -n 's/^period *= *//p' "$INI" | head -1)
"$DZ" run -q "$INI" --out "$T/ref" --date 2026-11-05 || notok "reference run"
tree() { (cd "$1" && find . -type f | sort | xargs md5sum); }
tree "$T/ref/$P" >"$T/ref.sum"

# a holder blocked on a FIFO input keeps the lock while we try
mkfifo "$T/med.fifo"
mkdir -p "$T/o1"
timeout 60 "$DZ" run -q --period "$P" --roster "$DEMO/roster.csv" --source med_enroll="$T/med.fifo" \
	--out "$T/o1" --date 2026-11-05 >"$T/h.out" 2>&1 &
timeoutpid=$!
i=0; while [ ! -s "$T/o1/dz.lock" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
check "the running dz holds OUT/dz.lock" test -s "$T/o1/dz.lock"
# $holder is timeout's PID: the lock names its child, dz
holder=$(sed -n 's/^pid //p' "$T/o1/dz.lock")
check "the lock names the PID of the running dz ($holder)" test "$(cat /proc/$holder/comm 2>/dev/null)" = dz
check "the lock holds the holder's start time" grep -q '^start [0-9][0-9]*$' "$T/o1/dz.lock"
start=$(date +%s.%N)
timeout 20 "$DZ" run -q "$INI" --out "$T/o1" --date 2026-11-05 2>"$T/e1"
rc=$?
took=$(echo "$(date +%s.%N) - $start < 2" | bc)
check "second dz run: exit 1 (got $rc)" test $rc = 1
check "second dz run fails at once" test "$took" = 1
check "message names the holder: $(cat "$T/e1")" grep -q "in use by dz run (pid $holder, started " "$T/e1"
check "exactly one message line" test "$(wc -l <"$T/e1")" = 1
timeout 20 "$DZ" push -q --period "$P" --out "$T/o1" 2>"$T/e2"
check "dz push on a locked OUT: exit 1 naming the holder" sh -c "test $? = 1 && grep -q 'pid $holder' '$T/e2'"
"$DZ" ingest -q --kind roster --period "$P" "$DEMO/roster.csv" >"$T/roster.rec"
timeout 20 "$DZ" check -q --period "$P" --out "$T/o1" "$T/roster.rec" 2>"$T/e3"
check "dz check on a locked OUT: exit 1 naming the holder" sh -c "test $? = 1 && grep -q 'pid $holder' '$T/e3'"
# --wait: the waiter runs once the holder has finished
timeout 60 "$DZ" run -q "$INI" --out "$T/o1" --date 2026-11-05 --wait 30 2>"$T/e4" &
waiter=$!
sleep 0.5
check "the waiter is still waiting" kill -0 $waiter
cat "$DEMO/med_enroll.csv" >"$T/med.fifo"
wait $timeoutpid
check "the holder completes (exit $?)" test $? = 0
wait $waiter
check "--wait: the waiter completes after the holder (exit $?)" test $? = 0
tree "$T/o1/$P" >"$T/o1.sum"
same_file "the waiter's outputs equal the reference run" "$T/ref.sum" "$T/o1.sum"
check "no lock left behind" test ! -e "$T/o1/dz.lock"
# --wait that runs out: exit 1
mkfifo "$T/med2.fifo"
timeout 60 "$DZ" run -q --period "$P" --roster "$DEMO/roster.csv" --source med_enroll="$T/med2.fifo" \
	--out "$T/o1" >/dev/null 2>&1 &
holder=$!
i=0; while [ ! -s "$T/o1/dz.lock" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
dzpid=$(sed -n 's/^pid //p' "$T/o1/dz.lock")
timeout 20 "$DZ" run -q "$INI" --out "$T/o1" --wait 1 2>"$T/e5"
check "--wait 1 against a longer holder: exit 1" test $? = 1
check "--wait 1: message names the holder" grep -q "pid $dzpid" "$T/e5"
cat "$DEMO/med_enroll.csv" >"$T/med2.fifo"
wait $holder

# stale locks: a dead PID, and a live PID whose start time differs (reused)
mkdir -p "$T/o2"
sh -c 'exit 0' & dead=$!; wait $dead
printf 'pid %s\nstart 12345\nhost %s\nstarted 2026-01-01 00:00:00\ncommand dz run\n' "$dead" "$(hostname)" >"$T/o2/dz.lock"
"$DZ" run -q "$INI" --out "$T/o2" --date 2026-11-05 2>"$T/e6"
check "a stale lock of a dead process is taken over (exit $?)" test $? = 0
check "... and removed at the end" test ! -e "$T/o2/dz.lock"
printf 'pid %s\nstart 1\nhost %s\nstarted 2026-01-01 00:00:00\ncommand dz run\n' "$$" "$(hostname)" >"$T/o2/dz.lock"
"$DZ" run -q "$INI" --out "$T/o2" --date 2026-11-05 2>"$T/e7"
check "a lock whose PID was reused (other start time) is taken over (exit $?)" test $? = 0
start=$(awk '{print $22}' /proc/$$/stat)
printf 'pid %s\nstart %s\nhost %s\nstarted 2026-01-01 00:00:00\ncommand dz run\n' "$$" "$start" "$(hostname)" >"$T/o2/dz.lock"
"$DZ" run -q "$INI" --out "$T/o2" --date 2026-11-05 2>"$T/e8"
check "a lock of a live process is respected (exit $?)" test $? = 1
rm -f "$T/o2/dz.lock"

# two runs started at once on one OUT: one waits or fails cleanly (exit 1,
# naming the other); the outputs are those of a complete run
for k in 1 2 3 4 5; do
	rm -rf "$T/o3"
	"$DZ" run -q "$INI" --out "$T/o3" --date 2026-11-05 2>"$T/ea" & a=$!
	"$DZ" run -q "$INI" --out "$T/o3" --date 2026-11-05 2>"$T/eb" & b=$!
	wait $a; ra=$?
	wait $b; rb=$?
	good=1
	for r in $ra:ea $rb:eb; do
		case ${r%%:*} in
		0) ;;
		1) grep -q "in use by dz run (pid " "$T/${r#*:}" || good=0 ;;
		*) good=0 ;;
		esac
	done
	[ $ra = 0 ] || [ $rb = 0 ] || good=0
	tree "$T/o3/$P" >"$T/o3.sum"
	cmp -s "$T/ref.sum" "$T/o3.sum" || good=0
	[ "$(ls -A "$T/o3" | grep -v '^dz-ledger\.sqlite$')" = "$P" ] || good=0   # OUT/P and the ledger
	check "concurrent runs, trial $k (exits $ra, $rb): survivor complete, nothing else in OUT" test $good = 1
done
