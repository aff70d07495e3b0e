#!/bin/sh
# t119: hostile inputs are refused or read in bounded memory, each with a
# clear message (#14 item 5; the bounds are in docs/ingest.md "速度和内存"):
# a 2 GB single field (its row is DQ08 and the quality file shows the
# field's start, not its tail), 100,000 columns, a gzip bomb, XML nested
# 100,000 deep, a 100 MB attribute, a workbook with 3 million shared
# strings (kept compactly; the cap itself is tested in test_xlsxsrc).
# Inputs are made on the fly, piped where they are big.  Peak RSS is
# measured with getrusage (tests/maxrss.py) in the normal build; under
# AddressSanitizer the sizes are smaller and memory is not judged.
. "$(dirname "$0")/lib.sh"
cd "$T"
A=$($PY "$TOP/tests/mkid.py" 410101 19800101 011)
san=false
grep -q __asan_init "$DZ" && san=true
rss() { $PY "$TOP/tests/maxrss.py" rss.txt "$@"; }
under() {  # DESC KB: the last measured peak below KB (normal build only)
	r=$(cat rss.txt)
	if $san; then ok "$1 (memory not judged under ASan: $r KB)"; else check "$1 (peak RSS $r KB < $2 KB)" test "$r" -lt "$2"; fi
}

# a single field of 2 GB (200 MB under ASan), on stdin: DQ08, the row after it read
$san && big=200000000 || big=2000000000
{ printf '证件号码,姓名,死亡日期\n%s,"START' "$A"; head -c $big /dev/zero | tr '\0' y; printf 'END",2024-06-01\n%s,李四,2024-06-02\n' \
	"$($PY "$TOP/tests/mkid.py" 410101 19810202 022)"; } |
	rss "$DZ" ingest -q -k death -p 2024-06 -m 100 -Q q.csv - >f.rec 2>err
check "huge field: exit 0" test $? = 0
under "huge field: bounded memory" 30000
check "huge field: the next row read" grep -q "	李四	2024-06-02\$" f.rec
check "huge field: the quality row shows the field's start" \
	grep -q "^\"death\",\"stdin\",\"2\",\"\",\"$A,STARTyyyy" q.csv
check "huge field: cut to 200 bytes" test "$($PY "$TOP/tests/csvcol.py" q.csv 原始值 | wc -c)" -le 202

# 100,000 columns
$PY -c "
import sys
print(','.join(['证件号码'] + ['c%d' % i for i in range(100000)]))
print(','.join(['$A'] + ['x'] * 100000))" >cols.csv
rss "$DZ" ingest -q -k death -p 2024-06 cols.csv >/dev/null 2>err
check "100,000 columns: exit 3" test $? = 3
under "100,000 columns: bounded memory" 60000
check "100,000 columns: message" grep -qx "dz: ingest: 'cols.csv': row 1 has 100001 columns, more than the 16384 a worksheet can hold (refused: not a department export)" err

# a gzip bomb: 300 MB of the same row in under 1 MB
{ echo '证件号码,姓名'; yes "$A,aaaaaaaaaaaaaaaaaaaaaaaaaaaa" | head -c 300000000; } | gzip -9 >bomb.csv.gz
rss "$DZ" ingest -q -k death -p 2024-06 bomb.csv.gz >/dev/null 2>err
check "gzip bomb: exit 3" test $? = 3
under "gzip bomb: bounded memory" 30000
check "gzip bomb: message" grep -qx "dz: ingest: 'bomb.csv.gz': gzip data inflating to more than 100 times its size (a gzip bomb?); refused" err

# XML nested 100,000 deep
$PY -c "print('<a>' * 100000 + '</a>' * 100000)" >deep.xml
rss "$DZ" ingest -q -k death -p 2024-06 deep.xml >/dev/null 2>err
check "deep XML: exit 3" test $? = 3
under "deep XML: bounded memory" 30000
check "deep XML: message" grep -qx "dz: ingest: 'deep.xml', line 1: malformed XML: elements nested more than 256 levels deep (refused: not an export)" err

# a 100 MB attribute, on stdin
$PY -c "
import sys
sys.stdout.write('<DATA><ROW 证件号码=\"$A\" 备注=\"' + 'x' * 100000000 + '\"/></DATA>')" |
	rss "$DZ" ingest -q -k death -p 2024-06 - >/dev/null 2>err
check "100 MB attribute: exit 3" test $? = 3
under "100 MB attribute: bounded memory" 150000
check "100 MB attribute: message" grep -qx "dz: ingest: 'stdin', line 1: malformed XML: a name, attribute or text longer than 10 MB (refused: not an export)" err

# a workbook with 3 million distinct shared strings (300,000 under ASan)
$san && nsst=300000 || nsst=3000000
$PY - $nsst "$A" <<'PY'
import sys, zipfile
n, a = int(sys.argv[1]), sys.argv[2]
z = zipfile.ZipFile("sst.xlsx", "w", zipfile.ZIP_DEFLATED)
z.writestr("[Content_Types].xml", '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>')
z.writestr("_rels/.rels", '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="r1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>')
z.writestr("xl/workbook.xml", '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="S" sheetId="1" r:id="r1"/></sheets></workbook>')
z.writestr("xl/_rels/workbook.xml.rels", '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="r1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="r2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>')
with z.open("xl/sharedStrings.xml", "w") as f:
    f.write(b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">')
    f.write(("<si><t>证件号码</t></si><si><t>姓名</t></si><si><t>%s</t></si>" % a).encode())
    for i in range(0, n, 10000):
        f.write("".join("<si><t>s%d</t></si>" % k for k in range(i, min(n, i + 10000))).encode())
    f.write(b"</sst>")
z.writestr("xl/worksheets/sheet1.xml", '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row><row r="2"><c r="A2" t="s"><v>2</v></c><c r="B2" t="s"><v>%d</v></c></row></sheetData></worksheet>' % (n + 2))
z.close()
PY
rss "$DZ" ingest -q -k death -p 2024-06 sst.xlsx >sst.rec 2>err
check "$nsst shared strings: exit 0" test $? = 0
under "$nsst shared strings: compact (about 12 bytes a string)" 70000
check "$nsst shared strings: the last one used" grep -q "^2	$A	s$((nsst - 1))\$" sst.rec
