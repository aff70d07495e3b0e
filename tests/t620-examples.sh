#!/bin/sh
# docs/examples: the example county.ini is accepted by dz and, run on the
# demo county's files (laid out under the example's file names), finds what
# the generator's answer keys say; it mentions every key docs/config.md
# documents; the systemd units pass `systemd-analyze verify` (when the tool
# exists; otherwise a message, counted as neither pass nor fail); the crontab
# line runs on the 5th and reports a non-zero exit.
. "$(dirname "$0")/lib.sh"
EX=$TOP/docs/examples
DEMO=$TOP/fixtures/demo
KEY=$DEMO/expected

# --- county.ini on the demo data ---
# demo file per kind (from the demo's own config)
awk '/^\[source/ { k = "" } /^kind *=/ { k = $3 } /^file *=/ { print k "\t" $3 }' "$DEMO/county.ini" >"$T/demo.files"
awk '/^\[source/ { k = "" } /^kind *=/ { k = $3 } /^file *=/ { print k "\t" $3 }' "$EX/county.ini" >"$T/ex.files"
mkdir -p "$T/cfg"
cp "$EX/county.ini" "$T/cfg/county.ini"
laid=1
while IFS='	' read -r kind file; do
	src=$(awk -F'\t' -v k="$kind" '$1 == k { print $2; exit }' "$T/demo.files")
	if [ -z "$src" ]; then laid=0; echo "# no demo file of kind $kind"; continue; fi
	mkdir -p "$(dirname "$T/cfg/$file")"
	ln -s "$DEMO/$src" "$T/cfg/$file" || laid=0
done <"$T/ex.files"
check "example names one source of each of the 12 kinds, each laid out from the demo" \
	sh -c '[ '$laid' = 1 ] && [ "$(cut -f1 "$0" | sort -u | wc -l)" = 12 ]' "$T/ex.files"
"$DZ" run -q "$T/cfg/county.ini" --period 2026-10 >"$T/stdout" 2>"$T/stderr"
rc=$?
if [ $rc = 0 ]; then ok "dz accepts docs/examples/county.ini and completes on the demo data"
else notok "dz run docs/examples/county.ini exited $rc"; sed 's/^/#   /' "$T/stderr" | head -5; fi
OUT=$T/cfg/报表/2026-10
check "out = 报表 is relative to the config's folder" test -f "$OUT/summary.csv"
for f in mismatches warnings; do
	tail -n +2 "$KEY/$f.tsv" | cut -f1-5 | LC_ALL=C sort >"$T/$f.want"
	if [ -f "$OUT/$f.csv" ]; then
		$PY "$TOP/tests/csvcol.py" "$OUT/$f.csv" 规则编号,乡镇,行政村,户编号,证件号码 | LC_ALL=C sort >"$T/$f.got"
	else
		: >"$T/$f.got"
	fi
	same_file "example config: $f as in the demo's answer key" "$T/$f.want" "$T/$f.got"
done

# --- every documented key is in the example (set or shown commented out) ---
# keys of the [run] and [source] tables of docs/config.md: "| `key` | ..."
# (up to the table of kinds, whose first column names kinds, not keys)
sed -n '/^## \[run\]/,/^### /p' "$TOP/docs/config.md" |
	sed -n 's/^| `\([a-z_]*\)\(\.[A-Za-z字段]*\)\{0,1\}` |.*/\1\2/p' | sort -u >"$T/keys"
missing=""
while read -r k; do
	case $k in
	*.YYYY) re="^[;# ]*${k%.YYYY}\\.[0-9]\\{4\\} *=" ;;
	*.字段) re="^[;# ]*${k%.字段}\\.[a-z_]* *=" ;;
	*) re="^[;# ]*$k *=" ;;
	esac
	grep -q "$re" "$EX/county.ini" || missing="$missing $k"
done <"$T/keys"
check "docs/config.md documents keys (found $(wc -l <"$T/keys"))" test "$(wc -l <"$T/keys")" -ge 16
if [ -z "$missing" ]; then ok "example county.ini shows every key of docs/config.md"
else notok "example county.ini lacks:$missing"; fi

# --- crontab: the 5th of the month, MAILTO, the exit status reported ---
line=$(grep -v '^#' "$EX/crontab" | grep 'dz run')
check "crontab line runs on day 5 of every month" sh -c 'echo "$0" | awk "{ exit !(\$3 == \"5\" && \$4 == \"*\" && \$5 == \"*\") }"' "$line"
check "crontab sets MAILTO" grep -q '^MAILTO=' "$EX/crontab"
# the command part of the line, run with a dz that fails with status 3
cmd=$(echo "$line" | cut -d' ' -f6-)
mkdir -p "$T/fake"
printf '#!/bin/sh\nexit 3\n' >"$T/fake/dz"
chmod +x "$T/fake/dz"
got=$(echo "$cmd" | sed "s|/usr/local/bin/dz|$T/fake/dz|" | sh 2>&1)
case $got in *"退出码 3"*) ok "crontab command prints the exit code on failure" ;;
*) notok "crontab command on failure printed: $got" ;; esac
printf '#!/bin/sh\nexit 0\n' >"$T/fake/dz"
got=$(echo "$cmd" | sed "s|/usr/local/bin/dz|$T/fake/dz|" | sh 2>&1)
check "crontab command prints nothing on success (no mail)" test -z "$got"

# --- systemd units ---
check "service has OnFailure= naming the notify unit" grep -q '^OnFailure=dz-notify@%n.service$' "$EX/dz-monthly.service"
check "timer fires on the 5th of each month" grep -q '^OnCalendar=\*-\*-05 ' "$EX/dz-monthly.timer"
if command -v systemd-analyze >/dev/null 2>&1; then
	mkdir -p "$T/units"
	cp "$EX/dz-monthly.timer" "$EX/dz-notify@.service" "$T/units/"
	# the installed path of dz need not exist here: verify against the dz under test
	sed "s|/usr/local/bin/dz|$DZ|" "$EX/dz-monthly.service" >"$T/units/dz-monthly.service"
	(cd "$T/units" && systemd-analyze verify ./dz-monthly.service ./dz-monthly.timer ./dz-notify@.service) >"$T/verify" 2>&1
	rc=$?
	if [ $rc = 0 ] && [ ! -s "$T/verify" ]; then ok "systemd-analyze verify: units clean"
	else notok "systemd-analyze verify (exit $rc)"; sed 's/^/#   /' "$T/verify" | head -10; fi
	next=$(systemd-analyze calendar --iterations=2 "$(sed -n 's/^OnCalendar=//p' "$EX/dz-monthly.timer")" 2>&1 |
		awk '/Next elapse|Iter/ { print $4 }')
	days=$(echo "$next" | cut -d- -f3 | sort -u)
	months=$(echo "$next" | cut -d- -f1,2 | sort -u | wc -l)
	check "next two elapses on day 05 of two months ($(echo $next))" test "$days" = 05 -a "$months" = 2
else
	echo "# skipped: systemd-analyze not installed (units not verified; neither pass nor fail)"
fi
