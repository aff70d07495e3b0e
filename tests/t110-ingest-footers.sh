#!/bin/sh
# t110: footer and subtotal rows (SPEC §4, DQ14): a 民政 file of 25 rows
# ending in a 合计 row and a 制表人 row is read (the two rows are DQ14, not
# rejected: before, they were DQ01 and 2 of 27 rows put the source over the
# 5 % reject threshold, so nothing was pushed for the county); rows read =
# used + rejected + footer in the trailer, on stderr and in summary.csv; the
# same in an openpyxl workbook (合　计 with an ideographic space in the
# 序号 column) and in an XML export.
. "$(dirname "$0")/lib.sh"
cd "$T"
$PY - <<'PY'
import sys, csv, openpyxl
W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]   # GB 11643 (as tests/mkid.py)
def make(region, birth, seq):
    d17 = "%06d%s%03d" % (region, birth, seq)
    return d17 + "10X98765432"[sum(int(c) * w for c, w in zip(d17, W)) % 11]
rows = []
for i in range(25):
    rows.append([str(i + 1), make(410101, "1980%02d%02d" % (i % 12 + 1, i + 1), 10 + i),
                 "人%02d" % i, "城关镇", "东关村", "正常", "2024-01-01", "500"])
hdr = ["序号", "证件号码", "姓名", "乡镇", "行政村", "保障状态", "批准日期", "月保障金"]
with open("dibao.csv", "w", newline="") as f:
    w = csv.writer(f, lineterminator="\n")
    w.writerow(["2024年6月农村低保名单"])
    w.writerow(hdr)
    w.writerows(rows)
    w.writerow(["合计", "", "", "", "", "", "", "12500"])
    w.writerow(["制表人：张某", "", "审核人：李某", "", "", "", "", ""])
with open("roster.csv", "w", newline="") as f:
    w = csv.writer(f, lineterminator="\n")
    w.writerow(["证件号码", "姓名", "乡镇", "行政村", "户编号", "与户主关系"])
    for r in rows:
        w.writerow([r[1], r[2], "城关镇", "东关村", "H" + r[0], "户主"])
wb = openpyxl.Workbook(); ws = wb.active
ws.append(hdr)
for r in rows[:3]:
    ws.append(r[:7] + [500])
ws.append(["合　计", None, None, None, None, None, None, 1500])
ws.append([None, None, "填报单位：城关镇民政所"])
ws.append(["无证件号", None, "某人"])           # not a footer: rejected (DQ01)
wb.save("dibao.xlsx")
with open("dibao.xml", "w") as f:
    f.write("<?xml version='1.0' encoding='UTF-8'?>\n<list>\n")
    for r in rows[:2]:
        f.write("<rec><证件号码>%s</证件号码><姓名>%s</姓名></rec>\n" % (r[1], r[2]))
    f.write("<rec><证件号码></证件号码><姓名>小计：2人</姓名></rec>\n</list>\n")
PY

"$DZ" ingest -k dibao -p 2024-06 -Q q.csv dibao.csv >out.rec 2>err
check "25 rows + 合计 + 制表人: exit 0" test $? = 0
check "trailer: read 27 = used 25 + rejected 0 + footer 2" \
	grep -qx "#end	read=27	used=25	rejected=0	footer=2	DQ14=2" out.rec
check "25 records" test "$(grep -c '^[0-9]' out.rec)" = 25
check "account line counts the footer rows" \
	grep -qx "dz: ingest: dibao.csv: 读入 27 行，使用 25，拒收 0，表尾 2" err
check "quality: DQ14 on row 28 with the cell's text" \
	grep -q '^"dibao","dibao.csv","28","","合计","DQ14",' q.csv
check "quality: DQ14 on row 29 with the cell's text" \
	grep -q '^"dibao","dibao.csv","29","","制表人：张某","DQ14",' q.csv
check "quality: nothing else" test "$(grep -c DQ q.csv)" = 2

"$DZ" run -q --period 2024-06 --out out --roster roster.csv --source dibao=dibao.csv >/dev/null 2>err
rc=$?; sed 's/^/#   /' err
check "dz run: exit 0 (the footer rows do not count as rejected)" test $rc = 0
check "dz run: packages pushed" test -d out/2024-06/push
$PY - out/2024-06/summary.csv >acct.txt <<'PY'
import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8-sig", newline="")))
for i, r in enumerate(rows):
    if r[:1] == ["来源"] and "读入行数" in r:
        head = r
        for x in rows[i + 1:]:
            d = dict(zip(head, x))
            if d.get("类型") == "dibao":
                print(d["读入行数"], d["使用行数"], d["拒收行数"], d["表尾行数"], d["拒收比例(%)"])
PY
check "summary.csv: 27 read, 25 used, 0 rejected, 2 footer" test "$(cat acct.txt)" = "27 25 0 2 0.00"

"$DZ" ingest -k dibao -p 2024-06 -m 100 -Q qx.csv dibao.xlsx >x.rec 2>err
check "xlsx: exit 0" test $? = 0
check "xlsx: trailer" grep -qx "#end	read=6	used=3	rejected=1	footer=2	DQ01=1	DQ14=2" x.rec
check "xlsx: 合　计 row 5 is DQ14" grep -q '^"dibao","dibao.xlsx","5","","合　计","DQ14",' qx.csv
check "xlsx: 填报单位 row 6 is DQ14" grep -q '^"dibao","dibao.xlsx","6","","填报单位：城关镇民政所","DQ14",' qx.csv
check "xlsx: a row without ID that is no footer is DQ01" grep -q '^"dibao","dibao.xlsx","7",.*"DQ01"' qx.csv

"$DZ" ingest -q -k dibao -p 2024-06 -Q qm.csv dibao.xml >m.rec 2>err
check "xml: exit 0" test $? = 0
check "xml: trailer" grep -qx "#end	read=3	used=2	rejected=0	footer=1	DQ14=1" m.rec
check "xml: record 3 is DQ14" grep -q '^"dibao","dibao.xml","3","","小计：2人","DQ14",' qm.csv

