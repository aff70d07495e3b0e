#!/bin/sh
# The stages one at a time: dz ingest per source -> record streams ->
# dz check -> dz push gives the same reports and packages as dz run.
. "$(dirname "$0")/lib.sh"
DEMO="$TOP/fixtures/demo"
INI="$DEMO/county.ini"
P=$(sed -n 's/^period *= *//p' "$INI" | head -1)
"$DZ" run -q "$INI" --out "$T/run" --date 2026-11-05
$PY - "$INI" >"$T/sources" <<'PYEOF'
import configparser, sys
cp = configparser.ConfigParser(interpolation=None, delimiters=("=",))
cp.optionxform = str
cp.read(sys.argv[1], encoding="utf-8")
for s in cp.sections():
    if s.startswith("source"):
        print(cp[s]["kind"], cp[s]["file"], s.split(None, 1)[1])
PYEOF
n=0
while read -r kind file name; do
	n=$((n + 1))
	"$DZ" ingest --kind "$kind" --name "$name" --period "$P" --quality "$T/q$n.csv" "$DEMO/$file" >"$T/s$n.rec" 2>/dev/null
	rc=$?
	check "ingest $file (exit $rc)" test $rc = 0
	check "record stream of $file starts with its header" sh -c "head -1 '$T/s$n.rec' | grep -q '^#dz-records.*kind=$kind'"
	check "record stream of $file ends with the account" sh -c "tail -1 '$T/s$n.rec' | grep -q '^#end'"
done <"$T/sources"
# the roster stream comes last on the command line and via stdin: order must not matter
roster=$(grep -l 'kind=roster' "$T"/s*.rec)
others=$(i=1; while [ $i -le $n ]; do [ "$T/s$i.rec" = "$roster" ] || echo "$T/s$i.rec"; i=$((i + 1)); done)
"$DZ" check -q --config "$INI" --period "$P" --out "$T/chk" $others - <"$roster"
check "dz check exits 0" test $? = 0
for f in mismatches.csv warnings.csv summary.csv; do
	same_file "check = run: $f" "$T/run/$P/$f" "$T/chk/$P/$f"
done
# quality: ingest wrote the single-file findings, check the run-level DQ07/DQ13
$PY "$TOP/tests/csvcol.py" "$T/run/$P/quality.csv" --all | sort >"$T/qr"
$PY "$TOP/tests/csvcol.py" "$T/chk/$P/quality.csv" --all | sort >"$T/qc"
grep -P '\t(DQ07|DQ13)\t' "$T/qr" >"$T/qr1"
same_file "check's quality.csv = the run's DQ07/DQ13 rows" "$T/qr1" "$T/qc"
for q in "$T"/q*.csv; do $PY "$TOP/tests/csvcol.py" "$q" --all; done | sort >"$T/qi"
grep -vP '\t(DQ07|DQ13)\t' "$T/qr" >"$T/qr2"
same_file "ingest quality files = the run's other rows" "$T/qr2" "$T/qi"
check "dz check does not push" test ! -e "$T/chk/$P/push"
"$DZ" push -q --period "$P" --out "$T/chk" --date 2026-11-05
check "dz push exits 0" test $? = 0
(cd "$T/run/$P/push" && find . -type f | sort) >"$T/l1"
(cd "$T/chk/$P/push" && find . -type f | sort) >"$T/l2"
same_file "push packages have the same files" "$T/l1" "$T/l2"
for f in $(grep '\.csv$' "$T/l1"); do
	same_file "push $f identical" "$T/run/$P/push/$f" "$T/chk/$P/push/$f"
done
# a record stream is readable text: header line names the canonical fields
check "stream header names canonical fields" sh -c "sed -n 2p '$roster' | grep -q '^_row	id	name'"
# dz check needs a roster stream; a damaged stream makes the data unusable
"$DZ" check -q --period "$P" --out "$T/c2" $others 2>"$T/e2"
check "check without a roster stream: exit 2" test $? = 2
check "check without a roster stream: message" grep -q "no roster record stream" "$T/e2"
echo "not a stream" >"$T/bad.rec"
"$DZ" check -q --period "$P" --out "$T/c3" "$roster" "$T/bad.rec" 2>"$T/e3"
check "check with a damaged stream: exit 3" test $? = 3
check "check with a damaged stream: message names it" grep -q "'bad.rec': not a dz record stream" "$T/e3"
check "check with a damaged stream: reports in P.failed" test -s "$T/c3/$P.failed/summary.csv"
check "check with a damaged stream: no OUT/P" test ! -e "$T/c3/$P"
