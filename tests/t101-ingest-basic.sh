#!/bin/sh
# dz ingest on a small med_enroll export: the record stream, the quality
# file, the account on stderr, exit statuses, --help, the default period.
. "$(dirname "$0")/lib.sh"
id() { $PY "$TOP/tests/mkid.py" "$@"; }
A=$(id 410101 19800101 011); B=$(id 410101 19810202 022); C=$(id 410101 19820303 031)
cd "$T"
cat >med.csv <<CSV
2024年6月城乡居民医保参保名单
填报单位：某县医保局

序号,证件号码,姓名,乡镇,行政村,参保状态,参保年度
1,$A,张三,城关镇,东关村,正常参保,2024
2,$B,李四,城关镇,西关村,暂停,二〇二四
3,${C%?}0,王五,城关镇,西关村,正常,2024
CSV
"$DZ" ingest --kind med_enroll --period 2024-06 --quality q.csv --max-reject 50 med.csv >out.rec 2>err.txt
check "exit 0 under --max-reject 50" test $? = 0
printf '#dz-records 2\tkind=med_enroll\tsource=med_enroll\tfile=med.csv\tperiod=2024-06
_row\tid\tname\ttownship\tvillage\tstatus\tyear
5\t%s\t张三\t城关镇\t东关村\t正常参保\t2024
6\t%s\t李四\t城关镇\t西关村\t暂停\t?二〇二四
#end\tread=3\tused=2\trejected=1\tDQ03=1\tDQ11=1
' "$A" "$B" >want.rec
same_file "record stream" want.rec out.rec
printf '\357\273\277"来源类型","文件","行号","列","原始值","代码","说明"\r
"med_enroll","med.csv","6","参保年度","二〇二四","DQ11","日期、金额、年度或数量无法识别（按未知处理）"\r
"med_enroll","med.csv","7","证件号码","%s","DQ03","证件号码校验位错误"\r
' "${C%?}0" >want.csv
same_file "quality file (BOM, CRLF, Chinese headers)" want.csv q.csv
printf 'dz: ingest: med.csv: 读入 3 行，使用 2，拒收 1 (DQ03 1)；已使用行的提示 DQ11 1\n' >want.err
same_file "account on stderr" want.err err.txt

# default --max-reject is 5%: 1 of 3 rejected is too many
"$DZ" ingest --kind med_enroll --period 2024-06 med.csv >out2.rec 2>err2.txt
check "over the reject threshold: exit 3" test $? = 3
same_file "records still written when over the threshold" want.rec out2.rec
check "threshold message" grep -qx "dz: ingest: 'med.csv': 1 of 3 rows rejected (33.3%), more than --max-reject 5%" err2.txt
check "findings not written without --quality are counted" grep -qx "dz: ingest: 2 data-quality findings not written (use --quality FILE)" err2.txt
"$DZ" ingest -q --kind med_enroll --period 2024-06 --max-reject 34 med.csv >/dev/null 2>err3.txt
check "-q: exit 0 and nothing on stderr" test $? = 0 -a ! -s err3.txt

# default period: the previous calendar month
want=$(date +%Y-%m -d "$(date +%Y-%m-15) -1 month")
"$DZ" ingest -q --kind med_enroll --max-reject 100 med.csv >out4.rec
check "default period is the previous month ($want)" grep -q "period=$want\$" out4.rec

# --name and stdin
"$DZ" ingest -q -k med_enroll -p 2024-06 -n 医保 -m 100 - <med.csv >out5.rec
check "stdin: file=stdin, source=NAME" grep -q "^#dz-records 2	kind=med_enroll	source=医保	file=stdin	period=2024-06\$" out5.rec
tail -n +2 out5.rec >a; tail -n +2 want.rec >b
same_file "stdin gives the same records" b a

# help
"$DZ" ingest --help >help.txt
check "--help exits 0" test $? = 0
check "--help shows usage" grep -q '^usage: dz ingest --kind KIND \[options\] FILE|-$' help.txt
"$DZ" help ingest >help2.txt
same_file "'dz help ingest' is --help" help.txt help2.txt
