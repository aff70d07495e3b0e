#!/bin/sh
# t111: header matching (SPEC §4, end of §5): a bracketed suffix is dropped
# only when it is a unit or a date format hint; 人均纯收入（上年） beside
# 人均纯收入 does not take the income field (before, both read as
# 人均纯收入 and the first column won: YJ06/ZS02 used last year's income);
# an alias equal to the header beats one matching after its unit was
# dropped; two columns still reading as one field fail the source, naming
# both (exit 3); a config alias settles it.
. "$(dirname "$0")/lib.sh"
id() { $PY "$TOP/tests/mkid.py" "$@"; }
A=$(id 410101 19800101 011); B=$(id 410101 19810202 022)
cd "$T"

# 上年 first, then this year's column
cat >r.csv <<EOF
证件号码,姓名,乡镇,行政村,户编号,与户主关系,人均纯收入（上年）,人均纯收入（元）
$A,张三,城关镇,东关村,H1,户主,9000,5000
$B,李四,城关镇,西关村,H2,户主,8000,12000
EOF
"$DZ" ingest -q -k roster -p 2024-06 r.csv >r.rec 2>err
check "上年 column: exit 0" test $? = 0
check "上年 column: income_pc is the 人均纯收入（元） column" \
	grep -qx "2	$A	张三	城关镇	东关村	H1	户主	5000.00" r.rec
check "上年 column: it maps to no field" grep -qx "_row	id	name	township	village	household_id	relation	income_pc" r.rec

# the same with this year's column first
cat >r2.csv <<EOF
证件号码,人均纯收入,人均纯收入（上年）
$A,5000,9000
EOF
"$DZ" ingest -q -k roster -p 2024-06 r2.csv >r2.rec 2>err
check "上年 second: income_pc from 人均纯收入" grep -qx "2	$A	5000.00" r2.rec

# date hints and units are dropped; an equal alias beats a unit-dropped one
cat >d.csv <<EOF
证件号码,月保障金（元/月）,批准日期（YYYY-MM-DD）,月保障金,保障状态【必填】
$A,1,2024-06-01,300,正常
EOF
"$DZ" ingest -q -k dibao -p 2024-06 d.csv >d.rec 2>err
check "units and date hints: exit 0" test $? = 0
check "units and date hints: columns" grep -qx "_row	id	start_date	amount" d.rec
check "月保障金 beats 月保障金（元/月）" grep -qx "2	$A	2024-06-01	300.00" d.rec

# two columns for one field: fail, naming both
cat >two.csv <<EOF
证件号码,人均纯收入,家庭人均纯收入
$A,5000,6000
EOF
"$DZ" ingest -q -k roster -p 2024-06 two.csv >/dev/null 2>err
check "two columns for income_pc: exit 3" test $? = 3
check "two columns for income_pc: message names both" grep -qx \
	"dz: ingest: 'two.csv': columns 2 '人均纯收入' and 3 '家庭人均纯收入' (row 1) both read as income_pc (人均纯收入); remove one, or name the right one with alias.income_pc in the config" err

# dz run: the same failure; a config alias for one of them settles it
cat >roster.csv <<EOF
证件号码,姓名,乡镇,行政村,户编号,与户主关系,人均纯收入,家庭人均纯收入
$A,张三,城关镇,东关村,H1,户主,5000,6000
EOF
cat >c.ini <<EOF
[run]
period = 2024-06
out = out
[source roster]
kind = roster
file = roster.csv
EOF
"$DZ" run -q c.ini >/dev/null 2>err
check "dz run, two columns: exit 3" test $? = 3
check "dz run, two columns: message" grep -q "columns 7 '人均纯收入' and 8 '家庭人均纯收入' (row 1) both read as income_pc" err
printf 'alias.income_pc = 家庭人均纯收入\n' >>c.ini
"$DZ" run -q c.ini >/dev/null 2>err
rc=$?; sed 's/^/#   /' err
check "dz run, a config alias settles it: exit 0" test $rc = 0
