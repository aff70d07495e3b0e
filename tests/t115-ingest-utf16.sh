#!/bin/sh
# t115: UTF-16 text (SPEC §4 "Text encodings", #9 item 3) as Excel's
# "Unicode 文本" save writes it: a BOM, UTF-16LE, tab-separated, CRLF,
# a title row, quoted fields; names with characters outside the BMP
# (surrogate pairs, here across 64 KiB read boundaries); UTF-16BE; gzip'd.
# The records equal those of the same table as UTF-8 CSV.  UTF-16 without
# a BOM: a clear message, exit 3 (or read with --encoding UTF-16LE).
# Before, every UTF-16 file was refused.
. "$(dirname "$0")/lib.sh"
cd "$T"
$PY - <<'PY'
W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]   # GB 11643 (as tests/mkid.py)
def make(region, birth, seq):
    d17 = "%06d%s%03d" % (region, birth, seq)
    return d17 + "10X98765432"[sum(int(c) * w for c, w in zip(d17, W)) % 11]
rows = [["2024年6月临时救助名单", "", "", ""], ["证件号码", "姓名", "救助金额", "备注"]]
for i in range(3000):
    name = "王\U00020000%d" % i if i % 7 == 0 else "李四%d" % i     # 𠀀: a surrogate pair
    note = "含\t制表符" if i == 5 else ("一、二" if i % 11 == 0 else "")
    rows.append([make(410101, "1980%02d%02d" % (i % 12 + 1, i % 28 + 1), i % 1000), name, "%d.5" % i, note])
def cell(s):
    return '"%s"' % s.replace('"', '""') if ("\t" in s or '"' in s) else s
text = "".join("\t".join(cell(c) for c in r) + "\r\n" for r in rows)
open("u16le.txt", "wb").write(b"\xff\xfe" + text.encode("utf-16-le"))
open("u16be.txt", "wb").write(b"\xfe\xff" + text.encode("utf-16-be"))
open("nobom.txt", "wb").write(text.encode("utf-16-le"))
open("u8.txt", "wb").write(text.encode("utf-8"))
PY
gzip -c u16le.txt >u16le.txt.gz
"$DZ" ingest -q -k relief -p 2024-06 u8.txt | tail -n +2 >want.rec
check "the UTF-8 version: 3000 records" test "$(grep -c '^[0-9]' want.rec)" = 3000
for f in u16le.txt u16be.txt u16le.txt.gz; do
	"$DZ" ingest -k relief -p 2024-06 "$f" >got.rec 2>err
	check "$f: exit 0" test $? = 0
	tail -n +2 got.rec >got.body
	same_file "$f: the same records as UTF-8" want.rec got.body
	check "$f: no DQ09 (the surrogate pairs decoded)" test -z "$(grep DQ09 err)"
done
check "a name outside the BMP read" grep -q "	王𠀀0	" got.body

"$DZ" ingest -q -k relief -p 2024-06 nobom.txt >/dev/null 2>err
check "no BOM: exit 3" test $? = 3
check "no BOM: message" grep -qx "dz: ingest: 'nobom.txt': UTF-16 text without a byte order mark (BOM); save it again (in Excel: Unicode 文本 or CSV UTF-8), or give --encoding UTF-16LE" err
"$DZ" ingest -q -k relief -p 2024-06 --encoding UTF-16LE nobom.txt | tail -n +2 >got.body
same_file "no BOM, --encoding UTF-16LE: the same records" want.rec got.body

# a small file (read whole while peeking at its first bytes)
printf '证件号码\t姓名\t救助金额\r\n%s\t张三\t5\r\n' "$($PY "$TOP/tests/mkid.py" 410101 19800101 011)" |
	iconv -f UTF-8 -t UTF-16 >small.txt
"$DZ" ingest -q -k relief -p 2024-06 small.txt >small.rec 2>err
check "small UTF-16 file: exit 0" test $? = 0
check "small UTF-16 file: its record" grep -q "^2	[0-9X]*	张三	5.00\$" small.rec
