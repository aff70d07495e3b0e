#!/bin/sh
# gzip input: detected by content, streamed (multi-member too); truncated,
# corrupt or trailing-garbage gzip is exit 3 with a message naming the file;
# rows before the damage are still written.
. "$(dirname "$0")/lib.sh"
id() { $PY "$TOP/tests/mkid.py" "$@"; }
cd "$T"
ids=""
for k in 1 2 3 4 5 6 7 8 9; do ids="$ids $(id 410101 1950010$k 01$k)"; done
echo "证件号码,姓名,死亡日期" >death.csv
awk -v ids="$ids" 'BEGIN { n = split(ids, id, " ");
	for (i = 1; i <= 3000; i++) printf "%s,某%d,2024-06-0%d\n", id[i % n + 1], i, i % 9 + 1 }' >>death.csv
"$DZ" ingest -q -k death -p 2024-06 death.csv >plain.rec
check "plain CSV read" test $? = 0
check "3000 records" grep -q "^#end	read=3000	used=3000	rejected=0\$" plain.rec
tail -n +2 plain.rec >plain.body

gzip -c death.csv >death.csv.gz
"$DZ" ingest -q -k death -p 2024-06 death.csv.gz >gz.rec
check "gzip read: exit 0" test $? = 0
tail -n +2 gz.rec >gz.body
same_file "gzip gives the same records" plain.body gz.body
check "gzip stream names the .gz file" grep -q "	file=death.csv.gz	" gz.rec

# a file named .csv holding gzip data, given on stdin: content decides
"$DZ" ingest -q -k death -p 2024-06 - <death.csv.gz | tail -n +2 >stdin.body
same_file "gzip on stdin" plain.body stdin.body

# multi-member gzip (cat of two gzip files), plus zero padding at the end
head -n 1500 death.csv | gzip -c >m.gz
tail -n +1501 death.csv | gzip -c >>m.gz
head -c 512 /dev/zero >>m.gz
"$DZ" ingest -q -k death -p 2024-06 m.gz | tail -n +2 >m.body
same_file "multi-member gzip with zero padding" plain.body m.body

# truncated
size=$(wc -c <death.csv.gz)
head -c $((size / 2)) death.csv.gz >trunc.csv.gz
"$DZ" ingest -k death -p 2024-06 trunc.csv.gz >trunc.rec 2>trunc.err
check "truncated gzip: exit 3" test $? = 3
check "truncated gzip: message names the file" \
	grep -qx "dz: ingest: 'trunc.csv.gz': truncated gzip data (the file ends inside the compressed stream)" trunc.err
n=$(grep -c '^[0-9]' trunc.rec)
check "rows before the damage are written ($n)" test "$n" -gt 100 -a "$n" -lt 3000
check "stream trailer marks the source as not read to the end" grep -q "	fatal=3\$" trunc.rec
check "account says not read to the end" grep -q "；未能读完\$" trunc.err

# tiny truncated file: nothing decodable
printf '\037\213\010' >tiny.gz
"$DZ" ingest -k death -p 2024-06 tiny.gz >/dev/null 2>tiny.err
check "3-byte gzip: exit 3" test $? = 3
check "3-byte gzip: message" grep -qx "dz: ingest: 'tiny.gz': truncated gzip data (the file ends inside the compressed stream)" tiny.err

# corrupt: damage the deflate data in the middle
$PY - <<'PY'
d = bytearray(open("death.csv.gz", "rb").read())
for i in range(len(d) // 2, len(d) // 2 + 64):
    d[i] ^= 0x55
open("bad.csv.gz", "wb").write(d)
PY
"$DZ" ingest -k death -p 2024-06 bad.csv.gz >/dev/null 2>bad.err
check "corrupt gzip: exit 3" test $? = 3
check "corrupt gzip: message" grep -q "^dz: ingest: 'bad.csv.gz': corrupt gzip data (" bad.err

# trailing garbage after the last member
cp death.csv.gz garbage.gz
printf 'garbage' >>garbage.gz
"$DZ" ingest -k death -p 2024-06 garbage.gz >/dev/null 2>garbage.err
check "trailing garbage: exit 3" test $? = 3
check "trailing garbage: message" \
	grep -qx "dz: ingest: 'garbage.gz': corrupt gzip data (trailing garbage after the compressed data)" garbage.err

# gzip of an empty file
printf '' | gzip -c >empty.gz
"$DZ" ingest -k death -p 2024-06 empty.gz >/dev/null 2>empty.err
check "gzip of nothing: exit 3" test $? = 3
check "gzip of nothing: empty file" grep -qx "dz: ingest: 'empty.gz': empty file" empty.err
