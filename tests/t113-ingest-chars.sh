#!/bin/sh
# t113: characters no output may hold (SPEC §4 "Characters", #8 item 8):
# C0 controls (other than tab, CR, LF) and U+FFFE/U+FFFF are replaced with
# U+FFFD at ingest and reported as DQ09 on their row; every xlsx dz run
# writes - on the demo and on the demo with such characters in names, a
# village and a township name (so in a package's folder, title and
# docProps/core.xml) - is parsed part by part by python's xml.etree and
# opened by openpyxl.  Before, a control character reached the xlsx parts
# and made them ill-formed XML.
. "$(dirname "$0")/lib.sh"
DEMO="$TOP/fixtures/demo"
P=$(sed -n 's/^period *= *//p' "$DEMO/county.ini" | head -1)
cd "$T"

# dz ingest: the values, the findings
printf '证件号码,姓名,乡镇,行政村,备注\n%s,张\001三,城关镇,东\357\277\276村,好\037的\n' \
	"$($PY "$TOP/tests/mkid.py" 410101 19800101 011)" >c.csv
"$DZ" ingest -q -k dibao -p 2024-06 -Q q.csv c.csv >c.rec 2>err
check "ingest: exit 0" test $? = 0
check "ingest: the control character and U+FFFE replaced by U+FFFD" \
	grep -q "	张�三	城关镇	东�村\$" c.rec
check "ingest: DQ09 on 姓名" grep -q '^"dibao","c.csv","2","姓名","张�三","DQ09","含有控制字符或 U+FFFE/U+FFFF（已替换为 �）"' q.csv
check "ingest: DQ09 on 行政村" grep -q '^"dibao","c.csv","2","行政村","东�村","DQ09",' q.csv
check "ingest: one DQ09 without column for the unmapped 备注" grep -q '^"dibao","c.csv","2","","","DQ09",' q.csv
check "ingest: nothing raw left in the stream" test -z "$(tr -d '\t\n' <c.rec | LC_ALL=C grep -c "$(printf '[\001-\037]')" | grep -v '^0$')"

# every xlsx of a run: each part well-formed, each workbook opened by openpyxl
xlsx_ok() {
	$PY - "$1" <<'PYEOF'
import os, sys, zipfile, xml.etree.ElementTree as ET, openpyxl
bad, n = [], 0
for root, dirs, files in os.walk(sys.argv[1]):
    for f in files:
        if not f.endswith(".xlsx"):
            continue
        p = os.path.join(root, f)
        n += 1
        with zipfile.ZipFile(p) as z:
            for m in z.namelist():
                if m.endswith(".xml") or m.endswith(".rels"):
                    try:
                        ET.fromstring(z.read(m))
                    except ET.ParseError as e:
                        bad.append("%s:%s: %s" % (p, m, e))
        try:
            openpyxl.load_workbook(p)
        except Exception as e:
            bad.append("%s: openpyxl: %s" % (p, e))
for b in bad[:10]:
    print("# " + b)
print("xlsx %d bad %d" % (n, len(bad)))
sys.exit(1 if bad or n == 0 else 0)
PYEOF
}
"$DZ" run -q "$DEMO/county.ini" --out demo --date 2026-11-05
check "demo: exit 0" test $? = 0
xlsx_ok demo >res.txt; rc=$?; cat res.txt | sed 's/^xlsx/# xlsx/'
check "demo: every xlsx part parses, every workbook opens" test $rc = 0

# the demo with a control character in a township name, names and a village
mkdir in
cp "$DEMO"/*.csv "$DEMO"/*.gz "$DEMO"/county.ini in/
$PY - in/roster.csv <<'PYEOF'
import csv, sys
p = sys.argv[1]
rows = list(csv.reader(open(p, encoding="utf-8-sig", newline="")))
h = next(i for i, r in enumerate(rows) if "证件号码" in r)
t, v, nm = rows[h].index("乡（镇）"), rows[h].index("村（社区）"), rows[h].index("姓名")
town = rows[h + 1][t]
for r in rows[h + 1:]:
    if len(r) > t and r[t] == town:
        r[t] = town[:1] + "\x07" + town[1:]        # a whole township renamed
rows[h + 2][nm] += "\ufffe"
rows[h + 3][nm] = "\x1b" + rows[h + 3][nm]
rows[h + 4][v] += "\uffff"
with open(p, "w", encoding="utf-8-sig", newline="") as f:
    csv.writer(f, lineterminator="\r\n").writerows(rows)
print(town, file=sys.stderr)
PYEOF
"$DZ" run -q in/county.ini --out bad --date 2026-11-05 2>err
rc=$?; sed 's/^/#   /' err | head -5
check "demo with control characters: exit 0" test $rc = 0
check "a package for the renamed township, U+FFFD in its name" \
	test -n "$(ls "bad/$P/push" | grep '�')"
xlsx_ok bad >res.txt; rc=$?; cat res.txt | sed 's/^xlsx/# xlsx/'
check "demo with control characters: every xlsx part parses, every workbook opens" test $rc = 0
check "quality: DQ09 for the replaced characters" \
	test "$(grep -c '"DQ09","含有控制字符' "bad/$P/quality.csv")" -ge 4
