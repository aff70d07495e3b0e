#!/bin/sh
# The ledger under SIGKILL (SPEC §8 "a kill at any moment leaves the ledger
# as before the run or as after it"; issue 14: the ledger commit follows the
# exchange of OUT/P).  A dz run re-running the demo period over an earlier
# complete run (other settings: other findings) is killed at 20+ random
# moments, the test bounding its own time; after each kill the ledger passes
# PRAGMA integrity_check, records for P the findings of the old run or of the
# new run (count and content), never the new ledger with the old outputs,
# and OUT/P is the old or the new run as a whole.  Then the next run records
# the new run whatever the kill left.
. "$(dirname "$0")/lib.sh"
INI="$TOP/fixtures/demo/county.ini"
P=$(sed -n 's/^period *= *//p' "$INI" | head -1)
tree() { (cd "$1" && find . -type f | sort | xargs md5sum) 2>/dev/null; }
ldump() { sqlite3 "$1" "SELECT key, state, sys_value, dept_value, push_date FROM findings WHERE period = '$P' ORDER BY seq" | md5sum; }
old() { timeout 60 "$DZ" run -q "$INI" --out "$1" --date 2026-11-01 --set medical_oop_threshold=10000; }
new() { timeout 60 "$DZ" run -q "$INI" --out "$1" --date 2026-11-05; }
old "$T/old" && new "$T/new" || notok "reference runs"
tree "$T/old/$P" >"$T/old.sum"
tree "$T/new/$P" >"$T/new.sum"
nold=$(sqlite3 "$T/old/dz-ledger.sqlite" "SELECT count(*) FROM findings WHERE period = '$P'")
nnew=$(sqlite3 "$T/new/dz-ledger.sqlite" "SELECT count(*) FROM findings WHERE period = '$P'")
lold=$(ldump "$T/old/dz-ledger.sqlite")
lnew=$(ldump "$T/new/dz-ledger.sqlite")
check "the two runs record different findings ($nold, $nnew)" test "$nold" != "$nnew"
# the new run over the old one: its duration sets the range of kill moments
rm -rf "$T/timing"; cp -a "$T/old" "$T/timing"
s=$(date +%s%N); new "$T/timing" >/dev/null 2>&1; e=$(date +%s%N)
ms=$(( (e - s) / 1000000 + 20 ))
check "a complete run over the old one records the new findings" \
	test "$(ldump "$T/timing/dz-ledger.sqlite")" = "$lnew"

begin=$(date +%s)
k=0 bad=0 integ=0 ahead=0 lo=0 ln=0 oo=0 on=0
# at least 20 kills; more while the time allows (at most 60 s of kills)
while [ $k -lt 20 ] || { [ $k -lt 40 ] && [ $(( $(date +%s) - begin )) -lt 30 ]; }; do
	k=$((k + 1))
	[ $(( $(date +%s) - begin )) -lt 60 ] || break
	rm -rf "$T/o"
	cp -a "$T/old" "$T/o"
	delay=$($PY -c "import random; random.seed($k * 104729); print('%.3f' % (random.random() * $ms * 1.2 / 1000))")
	"$DZ" run -q "$INI" --out "$T/o" --date 2026-11-05 >/dev/null 2>&1 &
	pid=$!
	sleep "$delay"
	kill -9 $pid 2>/dev/null
	wait $pid 2>/dev/null
	L=$T/o/dz-ledger.sqlite
	[ "$(sqlite3 "$L" 'PRAGMA integrity_check' 2>&1)" = ok ] || { integ=$((integ + 1)); echo "# trial $k: integrity_check fails"; }
	n=$(sqlite3 "$L" "SELECT count(*) FROM findings WHERE period = '$P'" 2>&1)
	d=$(ldump "$L")
	if [ "$n" = "$nold" ] && [ "$d" = "$lold" ]; then lstate=old; lo=$((lo + 1))
	elif [ "$n" = "$nnew" ] && [ "$d" = "$lnew" ]; then lstate=new; ln=$((ln + 1))
	else lstate=mix; bad=$((bad + 1)); echo "# trial $k (kill after ${delay}s): the ledger holds $n findings of $P, neither run"
	fi
	tree "$T/o/$P" >"$T/o.sum"
	if cmp -s "$T/o.sum" "$T/old.sum"; then ostate=old; oo=$((oo + 1))
	elif cmp -s "$T/o.sum" "$T/new.sum"; then ostate=new; on=$((on + 1))
	else ostate=mix; bad=$((bad + 1)); echo "# trial $k (kill after ${delay}s): OUT/P is neither run"
	fi
	# never a ledger ahead of the files
	if [ "$lstate" = new ] && [ "$ostate" != new ]; then ahead=$((ahead + 1)); echo "# trial $k: the ledger is new, OUT/P is $ostate"; fi
done
took=$(( $(date +%s) - begin ))
check "$k kills in ${took}s (at least 20, bounded)" test $k -ge 20
check "every kill: PRAGMA integrity_check ok" test $integ = 0
check "every kill: the ledger as before or as after ($lo before, $ln after), OUT/P old or new ($oo old, $on new)" test $bad = 0
check "never the new ledger with the old outputs" test $ahead = 0
check "some kills hit before the commit, some after ($lo, $ln)" test $lo -gt 0 -a $ln -gt 0
# whatever the last kill left, the next run records the new run
new "$T/o" >/dev/null 2>&1
check "the next run completes" test $? = 0
check "... and the ledger records the new run" test "$(ldump "$T/o/dz-ledger.sqlite")" = "$lnew"
tree "$T/o/$P" >"$T/o.sum"
same_file "... and OUT/P is the new run's" "$T/new.sum" "$T/o.sum"
