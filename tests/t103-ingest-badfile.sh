#!/bin/sh
# Sources dz ingest cannot use: exit 3 (1 for I/O) with the exact message;
# the quality file is still written (header only) when asked for.
. "$(dirname "$0")/lib.sh"
cd "$T"
ing() { "$DZ" ingest -k med_enroll -p 2024-06 "$@"; }

# unknown binary content
printf '\001\002\003' >x.bin
head -c 4096 /dev/urandom >>x.bin
printf '\000' >>x.bin
ing x.bin >out.rec 2>err.txt
check "binary file: exit 3" test $? = 3
check "binary file: message" grep -qx "dz: ingest: 'x.bin': not a CSV, gzip, xlsx, xls, HTML or XML file" err.txt
check "binary file: nothing on stdout" test ! -s out.rec

# an .xls workbook cut short after its OLE2 signature (xls: t421)
printf '\320\317\021\340\241\261\032\341\000\000\000\000' >old.xls
ing old.xls >/dev/null 2>err.txt
check "xls: exit 3" test $? = 3
check "xls: message" grep -qx "dz: ingest: 'old.xls': not a readable .xls file: the file is truncated or its compound (OLE2) structure is corrupt" err.txt

# empty file, and a file of blank lines
: >empty.csv
ing --quality q.csv empty.csv >out.rec 2>err.txt
check "empty file: exit 3" test $? = 3
check "empty file: message" grep -qx "dz: ingest: 'empty.csv': empty file" err.txt
printf '\357\273\277"来源类型","文件","行号","列","原始值","代码","说明"\r\n' >want.csv
same_file "empty file: quality file still written" want.csv q.csv
printf '\r\n\n ,, \n' >blank.csv
ing blank.csv >/dev/null 2>err.txt
check "blank lines only: exit 3" test $? = 3
check "blank lines only: message" grep -qx "dz: ingest: 'blank.csv': empty file (no rows with data)" err.txt

# UTF-16 with BOM (what Excel's "Unicode text" writes) and without
printf '证件号码\t姓名\r\n' | iconv -f UTF-8 -t UTF-16 >u16.txt
ing u16.txt >/dev/null 2>err.txt
check "UTF-16 with BOM: read (t115)" test $? = 0
printf 'ID,name\r\n1,a\r\n' | iconv -f UTF-8 -t UTF-16LE >u16le.csv
ing u16le.csv >/dev/null 2>err.txt
check "UTF-16LE without BOM: exit 3" test $? = 3
check "UTF-16LE without BOM: message" grep -qx "dz: ingest: 'u16le.csv': UTF-16 text without a byte order mark (BOM); save it again (in Excel: Unicode 文本 or CSV UTF-8), or give --encoding UTF-16LE" err.txt

# no ID column: the message lists the headers found
cat >noid.csv <<CSV
医保参保名单
序号,姓名,乡 镇,参保状态,参保年度
1,张三,城关镇,正常,2024
CSV
ing --quality q2.csv noid.csv >out.rec 2>err.txt
check "no ID column: exit 3" test $? = 3
check "no ID column: message lists the headers" grep -qx "dz: ingest: 'noid.csv': no 证件号码 for kind med_enroll in the first 20 rows; headers found (row 2): 序号, 姓名, 乡 镇, 参保状态, 参保年度" err.txt
check "no ID column: no records" test ! -s out.rec
same_file "no ID column: quality file still written" want.csv q2.csv
"$DZ" ingest -k water -p 2024-06 noid.csv >/dev/null 2>err.txt
check "water without 行政村: message" grep -qx "dz: ingest: 'noid.csv': no 乡镇 and 行政村 columns for kind water in the first 20 rows; headers found (row 2): 序号, 姓名, 乡 镇, 参保状态, 参保年度" err.txt

# missing file: input data unusable, exit 3 from dz ingest and dz run alike (SPEC §6)
ing nosuch.csv >/dev/null 2>err.txt
check "missing file: exit 3" test $? = 3
check "missing file: message" grep -qx "dz: ingest: 'nosuch.csv': cannot open: No such file or directory" err.txt
"$DZ" run -q --period 2024-06 --out o --roster nosuch.csv >/dev/null 2>err.txt
check "missing file, dz run: exit 3" test $? = 3
check "missing file, dz run: message" grep -qx "dz: run: 'nosuch.csv': cannot open: No such file or directory" err.txt

# a directory
mkdir dir.csv
ing dir.csv >/dev/null 2>err.txt
check "directory: exit 3" test $? = 3
check "directory: message" grep -qx "dz: ingest: 'dir.csv': read error: Is a directory" err.txt
"$DZ" run -q --period 2024-06 --out o --roster dir.csv >/dev/null 2>err.txt
check "directory, dz run: exit 3" test $? = 3
