#!/bin/sh
# dz check refuses record streams of another period (issue #8 item 6: exit 2
# naming the stream); dz check spools standard input under $TMPDIR and
# removes the copy; a full standard output gives exactly one error line
# (issue #8 item 11).
. "$(dirname "$0")/lib.sh"
DEMO="$TOP/fixtures/demo"
"$DZ" ingest -q --kind roster --period 2026-10 "$DEMO/roster.csv" >"$T/roster.rec" 2>/dev/null
"$DZ" ingest -q --kind med_enroll --period 2026-09 "$DEMO/med_enroll.csv" >"$T/med-09.rec" 2>/dev/null
"$DZ" ingest -q --kind med_enroll --period 2026-10 "$DEMO/med_enroll.csv" >"$T/med-10.rec" 2>/dev/null
"$DZ" check -q --period 2026-10 --out "$T/c1" "$T/roster.rec" "$T/med-09.rec" 2>"$T/e1"
check "a stream of another period: exit 2" test $? = 2
check "... naming the stream and both periods: $(cat "$T/e1")" \
	grep -q "'med-09.rec' is a record stream of period 2026-09, not of 2026-10" "$T/e1"
check "... and no output" test ! -e "$T/c1/2026-10" -a ! -e "$T/c1/2026-10.failed"
"$DZ" check -q --period 2026-11 --out "$T/c2" - "$T/med-10.rec" <"$T/roster.rec" 2>"$T/e2"
check "a stream on stdin of another period: exit 2" test $? = 2
check "... naming standard input: $(cat "$T/e2")" grep -q "standard input is a record stream of period 2026-10, not of 2026-11" "$T/e2"
"$DZ" check -q --period 2026-10 --out "$T/c3" "$T/roster.rec" "$T/med-10.rec"
check "streams of the period: exit 0" test $? = 0

# stdin is spooled under $TMPDIR (default /tmp) and removed afterwards
mkdir -p "$T/tmp"
mkfifo "$T/in.fifo"
TMPDIR="$T/tmp" timeout 60 "$DZ" check -q --period 2026-10 --out "$T/c4" - "$T/med-10.rec" <"$T/in.fifo" &
pid=$!
exec 7>"$T/in.fifo"
head -c 1000 "$T/roster.rec" >&7
i=0; while [ -z "$(ls -A "$T/tmp")" ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
check "the spool file is under \$TMPDIR ($(ls -A "$T/tmp"))" test -n "$(ls -A "$T/tmp")"
tail -c +1001 "$T/roster.rec" >&7
exec 7>&-
wait $pid
check "dz check reading stdin: exit $?" test $? = 0
check "the spool file is removed" test -z "$(ls -A "$T/tmp")"

# a full standard output: one error line, exit 1
one_line() {  # DESC CMD...: stdout to /dev/full
	what=$1; shift
	"$@" >/dev/full 2>"$T/err"
	rc=$?
	check "$what > /dev/full: exit 1 (got $rc)" test $rc = 1
	check "$what > /dev/full: exactly one line: $(head -3 "$T/err" | tr '\n' '|')" test "$(wc -l <"$T/err")" = 1
	check "$what > /dev/full: it says why" grep -q "^dz: cannot write standard output: No space left on device\$" "$T/err"
}
one_line "dz ingest" "$DZ" ingest --kind roster --period 2026-10 "$DEMO/roster.csv"
one_line "dz ingest -q" "$DZ" ingest -q --kind med_enroll --period 2026-10 "$DEMO/med_enroll.csv"
printf '110101199003074477\n' >"$T/ids"
one_line "dz idcheck" sh -c '"$1" idcheck <"$2"' sh "$DZ" "$T/ids"
one_line "dz help" "$DZ" help
one_line "dz version" "$DZ" version
one_line "dz run --help" "$DZ" run --help
