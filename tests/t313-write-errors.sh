#!/bin/sh
# Out of space while re-running a period (SPEC §6, exit 1): one clear
# message naming the report or township under its published name (never a
# staging or temporary path) with the system's reason, saying nothing was
# delivered; no libxlsxwriter "[ERROR]" lines, also without -q; the previous
# OUT/P, its push/ included, byte for byte as before; no staging leftovers.
# On a tiny tmpfs at several sizes (when mounting works here), and always
# through an LD_PRELOAD shim making writes fail with ENOSPC after N bytes.
. "$(dirname "$0")/lib.sh"
INI="$TOP/fixtures/demo/county.ini"
P=$(sed -n 's/^period *= *//p' "$INI" | head -1)
tree() { (cd "$1" && find . -type f | sort | xargs md5sum) 2>/dev/null; }
timeout 60 "$DZ" run -q "$INI" --out "$T/old" --date 2026-11-01 --set medical_oop_threshold=10000 || notok "old reference run"
timeout 60 "$DZ" run -q "$INI" --out "$T/new" --date 2026-11-05 || notok "new reference run"
tree "$T/old/$P" >"$T/old.sum"
tree "$T/new/$P" >"$T/new.sum"

# judge LABEL OUT RC ERRFILE CMD: exit 1 with the message and the old
# outputs, or exit 0 with the new ones; nothing else left in OUT
nfail=0
judge() {
	label=$1; out=$2; rc=$3; errf=$4; cmd=$5
	tree "$out/$P" >"$T/got.sum"
	left=$(ls -A "$out" | grep -v '^dz-ledger\.sqlite$' | tr '\n' ' ')   # the ledger may stay
	if [ "$rc" = 1 ]; then
		nfail=$((nfail + 1))
		msg=$(grep -v '^dz: [^:]*: 读入\|^dz: [^ ]*\.csv.*: 读入\|unterminated quote\|读入 .* 行' "$errf")
		printf '%s\n' "$msg" | grep -qE "^dz: $cmd: cannot write '$out/$P/(push/[^/]+/)?[^/]+\.(csv|xlsx)': No space left on device; nothing was delivered: '$out/$P' is as before\$"
		good=$?
		[ "$(printf '%s\n' "$msg" | wc -l)" = 1 ] || good=1
		grep -q 'ERROR\|\.dz-stage\|\.tmp\.' "$errf" && good=1
		check "$label: exit 1, one message: $msg" test $good = 0
		same_file "$label: OUT/P as before, push/ included" "$T/old.sum" "$T/got.sum"
	elif [ "$rc" = 0 ]; then
		same_file "$label: completed (exit 0): OUT/P is the new run's" "$T/new.sum" "$T/got.sum"
	else
		notok "$label: exit $rc"
		sed 's/^/#   /' "$errf"
	fi
	check "$label: nothing but OUT/P left in OUT ($left)" test "$left" = "$P "
}

# -- a tiny tmpfs
mkdir -p "$T/mnt"
if mount -t tmpfs -o size=8m tmpfs "$T/mnt" 2>/dev/null; then
	trap 'umount "$T/mnt" 2>/dev/null; rm -rf "$T"' EXIT
	# sizes: what the earlier output takes, plus a little more each time
	mkdir "$T/mnt/o"; cp -a "$T/old/$P" "$T/mnt/o/"
	used=$(df -k --output=used "$T/mnt" | tail -1 | tr -d ' ')
	rm -rf "$T/mnt/o"
	for extra in 16 40 70 100 140 180 230 290 2000; do
		kb=$((used + extra))
		mount -o remount,size=${kb}k "$T/mnt"
		rm -rf "$T/mnt/o"; mkdir "$T/mnt/o"; cp -a "$T/old/$P" "$T/mnt/o/"
		for q in -q ""; do
			# the ledger outside the tmpfs: the reports run out of space
			rm -f "$T/tmpfs-ledger.sqlite"
			timeout 60 "$DZ" run $q "$INI" --out "$T/mnt/o" --date 2026-11-05 \
				--ledger "$T/tmpfs-ledger.sqlite" 2>"$T/err"
			judge "tmpfs ${kb}k${q:+ $q}" "$T/mnt/o" $? "$T/err" run
		done
		rm -rf "$T/mnt/o"
	done
	umount "$T/mnt"
	trap 'rm -rf "$T"' EXIT
	check "tmpfs: some sizes ran out of space ($nfail runs)" test $nfail -ge 6
else
	echo "# a tmpfs cannot be mounted here: the LD_PRELOAD shim below stands in"
fi

# -- writes failing with ENOSPC after N bytes (LD_PRELOAD shim)
cc -shared -fPIC -O1 -o "$T/shim.so" "$TOP/tests/faultshim.c" -ldl || notok "build the fault shim"
shim() { env LD_PRELOAD="$T/shim.so" ASAN_OPTIONS=verify_asan_link_order=0:detect_leaks=0 \
	DZ_SHIM_PATH="$T/s/" DZ_SHIM_ENOSPC_AFTER="$@"; }
nfail=0
for n in 0 100 3000 20000 50000 100000 150000 200000 100000000; do
	rm -rf "$T/s"; mkdir "$T/s"; cp -a "$T/old/$P" "$T/s/"
	shim $n timeout 60 "$DZ" run -q "$INI" --out "$T/s" --date 2026-11-05 2>"$T/err"
	judge "shim, ENOSPC after $n bytes" "$T/s" $? "$T/err" run
done
check "shim: the small budgets ran out of space ($nfail runs)" test $nfail -ge 5
# dz push rebuilding the packages of a complete period
for n in 0 30000; do
	rm -rf "$T/s"; mkdir "$T/s"; cp -a "$T/old/$P" "$T/s/"
	shim $n timeout 60 "$DZ" push -q --period "$P" --out "$T/s" --date 2026-11-05 2>"$T/err"
	judge "dz push, ENOSPC after $n bytes" "$T/s" $? "$T/err" push
done
