#!/bin/sh
# Progress on stderr: at a terminal (a pty made by script(1)) a long read
# shows "读入 <source> <rows> 行 <MB> MB <MB/s> MB/s", redrawn in place at
# most twice a second and erased at the end; with -q, or with stderr a file
# or pipe (cron), nothing.  The input is a pipe that delivers the rows in
# bursts over ~2.5 s, so the run is long enough on any machine.
. "$(dirname "$0")/lib.sh"
command -v script >/dev/null || { notok "script(1) (bsdutils) is needed for the pty tests"; exit 1; }
"$BUILD/fixtures/gen" scale 100000 "$T/c" >/dev/null 2>&1 || notok "gen scale 100000"
CSV=$T/c/med_enroll.csv
NROWS=$(($(wc -l <"$CSV") - 1))
# slow CSV on stdout: the header, then 20,000 rows every 0.5 s
cat >"$T/slow.sh" <<SH
head -1 "$CSV"
tail -n +2 "$CSV" | split -l 20000 --filter='cat; sleep 0.5'
SH
# pty NAME CMD : run CMD (a shell command line) with a pty as stderr; the
# bytes it wrote to the terminal go to \$T/NAME.ts
pty() {
	start=$(date +%s.%N)
	timeout 60 script -qec "$2" "$T/$1.raw" </dev/null >/dev/null 2>&1
	rc=$?
	echo "$start $(date +%s.%N)" >"$T/$1.time"
	# drop script's own first and last lines
	sed '1d;$d' "$T/$1.raw" >"$T/$1.ts"
	return $rc
}
# lines FILE : the progress lines drawn (text between \r and ESC[K), one a line
lines() { $PY - "$1" <<'PY'
import re, sys
data = open(sys.argv[1], "rb").read().decode("utf-8", "replace")
for m in re.finditer(r"\r([^\r\n\x1b]*)\x1b\[K", data):
    if m.group(1):
        print(m.group(1))
PY
}

pty ingest "sh $T/slow.sh | '$DZ' ingest --kind med_enroll --period 2026-10 - >/dev/null"
check "dz ingest at a terminal exits 0" test $? = 0
lines "$T/ingest.ts" >"$T/ingest.lines"
n=$(wc -l <"$T/ingest.lines")
check "progress drawn at least twice ($n lines)" test "$n" -ge 2
check "each line names the source, rows, MB and MB/s" \
	sh -c '! grep -Ev "^读入 stdin [0-9,]+ 行 [0-9.]+ MB [0-9.]+ MB/s$" "$0"' "$T/ingest.lines"
sed 's/^读入 stdin \([0-9,]*\) 行.*/\1/; s/,//g' "$T/ingest.lines" >"$T/rows"
check "row counts grow and stay within the file's $NROWS rows" \
	awk -v max="$NROWS" 'BEGIN { ok = 1 } { if ($1 <= prev || $1 > max) ok = 0; prev = $1 } END { exit !ok }' "$T/rows"
secs=$(awk '{ printf "%d", $2 - $1 + 1 }' "$T/ingest.time")
check "at most two redraws a second ($n in ${secs}s)" test "$n" -le $((2 * secs + 1))
# the last thing before the row account is the erase: \r ESC[K then "dz: ingest:"
check "line erased before the account line" $PY -c '
import sys
d = open(sys.argv[1], "rb").read()
i = d.find(b"dz: ingest: stdin: ")
sys.exit(not (i > 0 and d[:i].endswith(b"\r\x1b[K")))' "$T/ingest.ts"
check "account line follows: 读入 $NROWS 行" grep -q "dz: ingest: stdin: 读入 $NROWS 行" "$T/ingest.ts"

pty quiet "sh $T/slow.sh | '$DZ' ingest -q --kind med_enroll --period 2026-10 - >/dev/null"
check "-q at a terminal exits 0" test $? = 0
check "-q at a terminal: no progress" sh -c '! grep -q "$(printf "\033")" "$0" && ! grep -q "MB/s" "$0"' "$T/quiet.ts"

# stderr a file (cron): no progress, no control characters, the account line
sh "$T/slow.sh" | timeout 60 "$DZ" ingest --kind med_enroll --period 2026-10 - >/dev/null 2>"$T/file.err"
check "stderr a file: exit 0" test $? = 0
check "stderr a file: no progress" sh -c '! grep -q "$(printf "\r")" "$0" && ! grep -q "MB/s" "$0"' "$T/file.err"
check "stderr a file: the account line only" sh -c 'test "$(wc -l <"$0")" = 1 && grep -q "读入 '$NROWS' 行" "$0"' "$T/file.err"
# stderr a pipe
sh "$T/slow.sh" | timeout 60 "$DZ" ingest --kind med_enroll --period 2026-10 - 2>&1 >/dev/null | cat >"$T/pipe.err"
check "stderr a pipe: no progress" sh -c '! grep -q "MB/s" "$0"' "$T/pipe.err"

# dz run (sources on worker threads): the slow source shows, the line is
# erased before the summary
pty run "sh $T/slow.sh | '$DZ' run --period 2026-10 --roster '$T/c/roster.csv' --source med_enroll=- --out '$T/out' >/dev/null"
check "dz run at a terminal exits 0" test $? = 0
lines "$T/run.ts" >"$T/run.lines"
check "dz run: progress of the stdin source ($(wc -l <"$T/run.lines") lines)" grep -Eq '^读入( .* ·)? - [0-9,]+ 行 [0-9.]+ MB [0-9.]+ MB/s' "$T/run.lines"
check "dz run: summary starts on a clean line" $PY -c '
import sys
d = open(sys.argv[1], "rb").read()
i = d.find("对账完成".encode())
j = d.rfind(b"\x1b[K", 0, i)
sys.exit(not (i > 0 and j >= 0 and d[j - 1:j] == b"\r"))' "$T/run.ts"
