#!/bin/sh
# Whole-period publishing under SIGKILL (SPEC §6): dz run re-running a period
# over a complete earlier output is killed at 24 random moments; each time
# every file of OUT/P must come from the old run or from the new run as a
# whole (no mix, nothing missing), and the next run must leave no staging
# folder, old folder or lock behind.  Then the same with the two-rename
# fallback (a shim makes renameat2(RENAME_EXCHANGE) fail with EINVAL, as on
# a file system without it).
. "$(dirname "$0")/lib.sh"
INI="$TOP/fixtures/demo/county.ini"
P=$(sed -n 's/^period *= *//p' "$INI" | head -1)
tree() { (cd "$1" && find . -type f | sort | xargs md5sum) 2>/dev/null; }
# what OUT holds besides the ledger file (SPEC §8: default OUT/dz-ledger.sqlite)
lsout() { ls -A "$1" | grep -v '^dz-ledger\.sqlite$'; }
old() { timeout 60 "$DZ" run -q "$INI" --out "$1" --date 2026-11-01 --set medical_oop_threshold=10000; }
new() { timeout 60 "$DZ" run -q "$INI" --out "$1" --date 2026-11-05; }
old "$T/old" && new "$T/new" || notok "reference runs"
tree "$T/old/$P" >"$T/old.sum"
tree "$T/new/$P" >"$T/new.sum"
check "the two runs' outputs differ (a mix is detectable)" sh -c "! cmp -s '$T/old.sum' '$T/new.sum'"
check "the outputs include push/" grep -q ' ./push/' "$T/new.sum"
# the new run's duration sets the range of kill moments
s=$(date +%s%N); new "$T/timing" >/dev/null 2>&1; e=$(date +%s%N)
ms=$(( (e - s) / 1000000 + 20 ))
cc -shared -fPIC -O1 -o "$T/shim.so" "$TOP/tests/faultshim.c" -ldl || notok "build the fault shim"

trials() {  # $1: label, rest: environment for the killed run
	label=$1; shift
	nold=0; nnew=0; bad=0; stray=0
	k=0
	while [ $k -lt 24 ]; do
		k=$((k + 1))
		rm -rf "$T/o"
		cp -a "$T/old" "$T/o"
		delay=$($PY -c "import random; random.seed($k * 7919 + ${#label}); print('%.3f' % (random.random() * $ms * 1.3 / 1000))")
		# env execs dz: $! is dz itself, and the kill below bounds its time
		env "$@" "$DZ" run -q "$INI" --out "$T/o" --date 2026-11-05 >/dev/null 2>&1 &
		pid=$!
		sleep "$delay"
		kill -9 $pid 2>/dev/null
		wait $pid 2>/dev/null
		tree "$T/o/$P" >"$T/o.sum"
		if cmp -s "$T/o.sum" "$T/old.sum"; then nold=$((nold + 1))
		elif cmp -s "$T/o.sum" "$T/new.sum"; then nnew=$((nnew + 1))
		else bad=$((bad + 1)); echo "# $label trial $k (kill after ${delay}s): OUT/P is neither run"
			diff "$T/old.sum" "$T/o.sum" | head -5 | sed 's/^/#   /'
		fi
		[ -e "$T/o/$P.failed" ] && bad=$((bad + 1))
		# the next complete run cleans up whatever the killed one left
		new "$T/o" >/dev/null 2>&1 || stray=$((stray + 1))
		[ "$(lsout "$T/o")" = "$P" ] || { stray=$((stray + 1)); echo "# left in OUT: $(ls -A "$T/o" | tr '\n' ' ')"; }
		tree "$T/o/$P" >"$T/o.sum"
		cmp -s "$T/o.sum" "$T/new.sum" || stray=$((stray + 1))
	done
	check "$label: 24 kills, OUT/P old or new as a whole every time ($nold old, $nnew new)" test $bad = 0
	check "$label: the next run completes and leaves only OUT/P" test $stray = 0
}
trials "renameat2 exchange"
trials "two-rename fallback" LD_PRELOAD="$T/shim.so" DZ_SHIM_NO_EXCHANGE=1 ASAN_OPTIONS=verify_asan_link_order=0:detect_leaks=0

# the fallback publishes the same files and removes the previous folder
rm -rf "$T/f"; cp -a "$T/old" "$T/f"
env LD_PRELOAD="$T/shim.so" DZ_SHIM_NO_EXCHANGE=1 ASAN_OPTIONS=verify_asan_link_order=0:detect_leaks=0 \
	timeout 60 "$DZ" run -q "$INI" --out "$T/f" --date 2026-11-05 2>"$T/ef"
check "fallback run completes (exit $?)" test $? = 0
tree "$T/f/$P" >"$T/f.sum"
same_file "fallback: OUT/P is the new run's" "$T/new.sum" "$T/f.sum"
check "fallback: nothing else left in OUT" test "$(lsout "$T/f")" = "$P"
# a fallback killed between its two renames leaves OUT/.dz-old.P.<pid> and
# no OUT/P: the next dz puts the old folder back (here a run that fails on
# its input, which must leave OUT/P as it was)
rm -rf "$T/g"; mkdir -p "$T/g"; cp -a "$T/old/$P" "$T/g/.dz-old.$P.99999"
mkdir -p "$T/g/.dz-stage.$P.99999/push"
printf '证件号码,姓名\n4.10522E+17,坏\n' >"$T/bad.csv"
timeout 60 "$DZ" run -q "$INI" --out "$T/g" --source med_enroll="$T/bad.csv" 2>/dev/null
check "a run failing on input after an interrupted fallback: exit 3" test $? = 3
tree "$T/g/$P" >"$T/g.sum"
same_file "the interrupted fallback's old folder is OUT/P again" "$T/old.sum" "$T/g.sum"
check "staging leftovers removed, P.failed published" test "$(lsout "$T/g" | tr '\n' ' ')" = "$P $P.failed "
