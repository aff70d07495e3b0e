#!/bin/sh
# The ledger on a full disk (SPEC §6 exit 1, §8 "a run that exits non-zero
# changes nothing in the ledger"): the ledger on a small tmpfs, the reports
# elsewhere; a re-run of the period that runs out of space in the ledger
# exits 1 with one message naming the ledger, before anything is published:
# OUT/P and the ledger as before; or it completes (exit 0) with the new
# reports recorded.  A first run that cannot even create the ledger
# publishes nothing.
. "$(dirname "$0")/lib.sh"
INI="$TOP/fixtures/demo/county.ini"
P=$(sed -n 's/^period *= *//p' "$INI" | head -1)
tree() { (cd "$1" && find . -type f | sort | xargs md5sum) 2>/dev/null; }
# the ledger's content, read from a copy (sqlite3 cannot open it in a full
# file system: its -shm would not fit)
dump() {
	rm -rf "$T/copy"; mkdir "$T/copy"
	cp "$1" "$T/copy/l.sqlite"; [ -f "$1-wal" ] && cp "$1-wal" "$T/copy/l.sqlite-wal"
	sqlite3 "$T/copy/l.sqlite" .dump | md5sum
}
mkdir -p "$T/mnt"
if ! mount -t tmpfs -o size=4m tmpfs "$T/mnt" 2>/dev/null; then
	ok "a tmpfs cannot be mounted here: the full-disk ledger is not exercised"
	exit 0
fi
trap 'umount "$T/mnt" 2>/dev/null; rm -rf "$T"' EXIT
L=$T/mnt/l.sqlite
# the earlier complete run, and its sizes
"$DZ" run -q "$INI" --out "$T/o" --date 2026-11-01 --ledger "$L" || notok "earlier run"
cp -a "$T/o" "$T/o.keep"; cp "$L" "$T/l.keep"
tree "$T/o/$P" >"$T/old.sum"
dump "$L" >"$T/lold.sum"
used=$(du -k "$L" | cut -f1)
n1=0 n0=0
for extra in 8 24 48 96 160 240 400 800; do
	kb=$((used + extra))
	rm -rf "$T/o" "$T/mnt"/*
	cp -a "$T/o.keep" "$T/o"; cp "$T/l.keep" "$L"
	mount -o remount,size=${kb}k "$T/mnt" 2>/dev/null || { notok "remount ${kb}k"; continue; }
	"$DZ" run "$INI" --out "$T/o" --date 2026-11-05 --set medical_oop_threshold=10000 \
		--ledger "$L" >/dev/null 2>"$T/err"
	rc=$?
	msg=$(grep -v '读入\|unterminated quote' "$T/err")
	tree "$T/o/$P" >"$T/got.sum"
	if [ $rc = 1 ]; then
		n1=$((n1 + 1))
		# out of space when recording the run, or already when opening the
		# ledger (its -shm file): before any output either way
		case $msg in
		"dz: run: ledger '$L': cannot record the run: database or disk is full; nothing was delivered: '$T/o/$P' is as before"|\
		"dz: run: ledger '$L': cannot open it: disk I/O error") good=0 ;;
		*) good=1 ;;
		esac
		[ "$(printf '%s\n' "$msg" | wc -l)" = 1 ] || good=1
		check "ledger on ${kb}k: exit 1, one message naming the ledger: $msg" test $good = 0
		same_file "ledger on ${kb}k: OUT/P as before" "$T/old.sum" "$T/got.sum"
		dump "$L" >"$T/lgot.sum"
		same_file "ledger on ${kb}k: the ledger as before" "$T/lold.sum" "$T/lgot.sum"
	elif [ $rc = 0 ]; then
		n0=$((n0 + 1))
		check "ledger on ${kb}k: completed: the new run recorded" \
			test "$(sqlite3 "$L" "SELECT run_date FROM runs WHERE period = '$P'")" = 2026-11-05
		check "ledger on ${kb}k: completed: new reports" sh -c "! cmp -s '$T/old.sum' '$T/got.sum'"
	else
		notok "ledger on ${kb}k: exit $rc ($msg)"
	fi
	check "ledger on ${kb}k: no staging folder left" test -z "$(ls -A "$T/o" | grep '^\.dz-')"
done
check "some sizes ran out of space ($n1), some completed ($n0)" test $n1 -gt 0 -a $n0 -gt 0
# a first run whose ledger cannot be created in full
rm -rf "$T/mnt"/* "$T/f"
mount -o remount,size=16k "$T/mnt"
"$DZ" run -q "$INI" --out "$T/f" --date 2026-11-05 --ledger "$L" 2>"$T/err2"
check "first run, ledger on 16k: exit 1" test $? = 1
check "... naming the ledger" grep -q "ledger '$L'" "$T/err2"
check "... and nothing published" test ! -e "$T/f/$P"
