#!/bin/sh
# dz run on the demo county: completes, writes every report, is
# deterministic (two runs and -j1 vs -j2 byte-identical), every push row
# belongs to its township, the no-config form gives the same findings, and
# the per-source account holds.
. "$(dirname "$0")/lib.sh"
INI="$TOP/fixtures/demo/county.ini"
P=$(sed -n 's/^period *= *//p' "$INI" | head -1)
"$DZ" run "$INI" --out "$T/a" --date 2026-11-05 2>"$T/stderr.a"
check "demo run exits 0" test $? = 0
for f in mismatches.csv warnings.csv quality.csv summary.csv mismatches.xlsx warnings.xlsx summary.xlsx; do
	check "report $f written" test -s "$T/a/$P/$f"
done
check "summary printed on stderr" grep -q "对账完成" "$T/stderr.a"
"$DZ" run -q "$INI" --out "$T/q" --date 2026-11-05 2>"$T/stderr.q"
check "-q prints nothing on success" test ! -s "$T/stderr.q"

"$DZ" run -q -j 1 "$INI" --out "$T/b" --date 2026-11-05
"$DZ" run -q -j 2 "$INI" --out "$T/c" --date 2026-11-05
for f in mismatches.csv warnings.csv quality.csv summary.csv; do
	same_file "two runs give identical $f" "$T/a/$P/$f" "$T/b/$P/$f"
	same_file "-j 1 and -j 2 give identical $f" "$T/b/$P/$f" "$T/c/$P/$f"
done
(cd "$T/a/$P" && find . -type f | sort | xargs md5sum) >"$T/pa"
(cd "$T/c/$P" && find . -type f | sort | xargs md5sum) >"$T/pc"
same_file "every report and package file (CSV and XLSX) identical across runs" "$T/pa" "$T/pc"

# every row under push/X belongs to township X, and push = county minus 未知乡镇
allok=1
npkg=0
: >"$T/pushed"
for d in "$T/a/$P/push"/*/; do
	[ -d "$d" ] || continue          # the pattern itself: no package (counted below)
	npkg=$((npkg + 1))
	town=$(basename "$d")
	for f in 预警名单.xlsx 不符明细.xlsx; do
		if [ ! -f "$d$f" ]; then allok=0; echo "# missing $d$f"; continue; fi
		$PY "$TOP/tests/xlsxcol.py" "$d$f" 乡镇 | sort -u >"$T/towns"
		if [ -s "$T/towns" ] && [ "$(cat "$T/towns")" != "$town" ]; then allok=0; echo "# $d$f: $(cat "$T/towns" | tr '\n' ' ')"; fi
		$PY "$TOP/tests/xlsxcol.py" "$d$f" --all >>"$T/pushed"
	done
done
check "the demo has township packages ($npkg)" test "$npkg" -ge 4
check "every package holds both lists, every push row belongs to its township" test $allok = 1
for f in warnings.xlsx mismatches.xlsx; do $PY "$TOP/tests/xlsxcol.py" "$T/a/$P/$f" --all; done | grep -v "	未知乡镇	" | sort >"$T/county"
sort "$T/pushed" >"$T/pushed.s"
check "the county reports have pushable rows" test -s "$T/county"
same_file "push packages = county reports without 未知乡镇" "$T/county" "$T/pushed.s"
check "未知乡镇 has no package" test ! -e "$T/a/$P/push/未知乡镇"

# per-source account: read = used + rejected (the key's own account: t202)
$PY - "$T/a/$P/summary.csv" >"$T/acct" <<'PYEOF'
import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8-sig", newline="")))
i = rows.index([]) if [] in rows else len(rows)
src = rows[i + 1:]
src = src[:src.index([])] if [] in src else src   # the source table ends at a blank row
h = src[0]
bad = 0
for r in src[1:]:
    d = dict(zip(h, r))
    if int(d["读入行数"]) != int(d["使用行数"]) + int(d["拒收行数"]):
        bad += 1
        print("# account broken:", r)
print("sources", len(src) - 1, "bad", bad)
PYEOF
check "row account holds for every source ($(tail -1 "$T/acct"))" grep -q "^sources 12 bad 0$" "$T/acct"

# the no-config form gives the same findings as the config form
args=$($PY - "$INI" <<'PYEOF'
import configparser, os, shlex, sys
ini = sys.argv[1]
cp = configparser.ConfigParser(interpolation=None, delimiters=("=",))
cp.optionxform = str
cp.read(ini, encoding="utf-8")
base = os.path.dirname(os.path.abspath(ini))
out = []
for k, v in cp["run"].items():
    if k == "out":
        continue
    out += ["--period", v] if k == "period" else ["--set", "%s=%s" % (k, v)]
if cp.has_section("townships"):
    for k, v in cp["townships"].items():
        out += ["--township", "%s=%s" % (k, v)]
for s in cp.sections():
    if s.startswith("source"):
        sec = cp[s]
        if set(sec.keys()) - {"kind", "file", "encoding"}:
            print("# section %s has keys the command line cannot give" % s, file=sys.stderr)
        out += ["--source", "%s=%s" % (sec["kind"], os.path.join(base, sec["file"]))]
print(" ".join(shlex.quote(a) for a in out))
PYEOF
)
REF="$T/a"
eval "set -- $args"
"$DZ" run -q "$@" --out "$T/e" --date 2026-11-05
check "no-config form exits 0" test $? = 0
cols=规则编号,乡镇,行政村,户编号,姓名,证件号码,系统值,部门值,来源位置,说明
for f in mismatches.csv warnings.csv; do
	$PY "$TOP/tests/csvcol.py" "$REF/$P/$f" $cols >"$T/x1"
	$PY "$TOP/tests/csvcol.py" "$T/e/$P/$f" $cols >"$T/x2"
	same_file "no-config form = config form ($f)" "$T/x1" "$T/x2"
done
