#!/bin/sh
# t402: unusable containers fail cleanly: exit 3, a message naming the
# file, bounded memory (max RSS), no crash -- corrupt and truncated zips, a
# zip bomb, truncated sheet XML, billion laughs (in a sheet and in an XML
# export), external entities, truncated XML.
. "$(dirname "$0")/lib.sh"
DUMP="$BUILD/tests/test_xlsxsrc"
MAXRSS_KB=200000   # generous for the sanitizer build; the normal build stays under 30 MB
# keep ASan's quarantine from holding freed memory, so RSS means something
export ASAN_OPTIONS="${ASAN_OPTIONS:-}:quarantine_size_mb=1"

# bad NAME FILE WANT: dz fails with exit 3 and stderr exactly WANT (or,
# when WANT ends in '*', starting with it); RSS bounded.
bad() {
	name=$1 file=$2 want=$3
	$PY "$TOP/tests/maxrss.py" "$T/rss" "$DUMP" dump "$file" >"$T/out" 2>"$T/err"
	rc=$?
	if [ $rc = 3 ]; then ok "$name: exit 3"; else notok "$name: exit $rc, want 3"; fi
	got=$(cat "$T/err")
	case $want in
	*'*') prefix=${want%?}
	      case $got in "$prefix"*) ok "$name: message" ;; *) notok "$name: message '$got', want '$want'" ;; esac ;;
	*)    if [ "$got" = "$want" ]; then ok "$name: message"; else notok "$name: message '$got', want '$want'"; fi ;;
	esac
	rss=$(tail -1 "$T/rss")
	if [ "$rss" -lt $MAXRSS_KB ]; then ok "$name: max RSS ${rss} KB"; else notok "$name: max RSS ${rss} KB"; fi
}

printf 'a,b\n1,2\n' >"$T/small.csv"
$PY "$TOP/tests/mkxlsx.py" "$T/small.csv" "$T/good.xlsx" --shared-strings
"$DUMP" dump "$T/good.xlsx" >"$T/got" 2>&1
printf 'row 1: a | b\nrow 2: 1 | 2\n' >"$T/want"
same_file "the good workbook reads" "$T/want" "$T/got"

size=$(wc -c <"$T/good.xlsx")
head -c $((size / 2)) "$T/good.xlsx" >"$T/cut.xlsx"
bad "truncated zip" "$T/cut.xlsx" \
	"dz: 'cut.xlsx': not a readable xlsx file: the zip container is corrupt or truncated"
{ printf 'PK\003\004'; head -c 3000 /dev/urandom; } >"$T/junk.xlsx"
bad "garbage after the zip magic" "$T/junk.xlsx" \
	"dz: 'junk.xlsx': not a readable xlsx file: the zip container is corrupt or truncated"

# zip members rewritten by python's zipfile
$PY - "$T" <<'EOF'
import sys, zipfile
t = sys.argv[1]
good = zipfile.ZipFile(t + "/good.xlsx")
parts = [(i.filename, good.read(i.filename)) for i in good.infolist()]
def write(name, fix, level=6):
    with zipfile.ZipFile(t + "/" + name, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as z:
        for fn, data in parts:
            z.writestr(fn, fix(fn, data))
sheet = "xl/worksheets/sheet1.xml"
# 9.5 MB of blanks between two tags: deflate packs them about 950:1
write("bomb.xlsx", lambda fn, d: d.replace(b"<sheetData>", b"<sheetData>" + b" " * 9500000, 1)
      if fn == sheet else d, 9)
write("truncsheet.xlsx", lambda fn, d: d[:len(d) * 2 // 3] if fn == sheet else d)
lol = (b'<?xml version="1.0"?>\n<!DOCTYPE worksheet [\n <!ENTITY lol "lol">\n' +
       b"".join(b' <!ENTITY lol%d "%s">\n' % (i, (b"&lol%d;" % (i - 1) if i > 1 else b"&lol;") * 10)
                for i in range(1, 10)) +
       b']>\n<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
       b'<row r="1"><c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c></row></sheetData></worksheet>')
write("laughs.xlsx", lambda fn, d: lol if fn == sheet else d)
EOF
bad "zip bomb (compression ratio)" "$T/bomb.xlsx" \
	"dz: 'bomb.xlsx': xl/worksheets/sheet1.xml: zip member compression ratio over 500:1 (zip bomb?); refused"
bad "truncated sheet XML" "$T/truncsheet.xlsx" \
	"dz: 'truncsheet.xlsx': xl/worksheets/sheet1.xml, line 1: malformed XML: *"
bad "billion laughs in a sheet" "$T/laughs.xlsx" \
	"dz: 'laughs.xlsx': xl/worksheets/sheet1.xml*"

# XML exports
$PY - "$T" <<'EOF'
import sys
t = sys.argv[1]
s = '<?xml version="1.0"?>\n<!DOCTYPE 名单 [\n <!ENTITY lol "lol">\n'
for i in range(1, 10):
    s += ' <!ENTITY lol%d "%s">\n' % (i, ("&lol%d;" % (i - 1) if i > 1 else "&lol;") * 10)
s += ']>\n<名单><记录><姓名>&lol9;</姓名></记录><记录><姓名>x</姓名></记录></名单>\n'
open(t + "/lol.xml", "w").write(s)
EOF
bad "billion laughs in XML" "$T/lol.xml" "dz: 'lol.xml'*"
printf '<?xml version="1.0"?>\n<!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n<r><x><a>&x;</a></x></r>\n' >"$T/xxe.xml"
bad "external entity" "$T/xxe.xml" \
	"dz: 'xxe.xml': DOCTYPE declares entities; refused (dz does not expand entities)"
printf '<名单>\n<记录><姓名>张三</姓名></记录>\n<记录><姓名>李' >"$T/cut.xml"
bad "truncated XML" "$T/cut.xml" \
	"dz: 'cut.xml', line 3: malformed XML: the document ends before it is complete (truncated?)"
check "truncated XML: the records before are delivered" grep -qx 'row 1: 姓名=张三' "$T/out"
printf '<?xml version="1.0" encoding="GBK"?>\n<r>\n<x><n>\325\305</n></x>\n<x><n>\201 </n></x>\n</r>\n' >"$T/badgbk.xml"
bad "bytes invalid in the declared GBK" "$T/badgbk.xml" \
	"dz: 'badgbk.xml', line 4: malformed XML: bytes invalid in GB18030"
