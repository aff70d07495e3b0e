#!/bin/sh
# t400: xlsx workbooks written by openpyxl (an independent writer, through
# tests/mkxlsx.py) read back as raw rows: sheet row numbers, merged title
# rows, IDs stored as numbers, real dates, numbers, booleans, a formula's
# cached value, inline vs shared vs rich-text strings, sheet choice, and
# the same workbook from stdin and gzip'd.
. "$(dirname "$0")/lib.sh"
DUMP="$BUILD/tests/test_xlsxsrc"
mk() { $PY "$TOP/tests/mkxlsx.py" "$@"; }

cat >"$T/roster.csv" <<'EOF'
序号,姓名,证件号码,出生日期,人均纯收入,是否享受农村低保,备注
1,张三,410522199001011234,1990-01-01,8500.5,是,
2,李四,41052219900101123X,1990-01-01,12000,否,=E5*2

3,王五,410522198001011235,1980-01-01,0,否,"备注,含逗号"
EOF
printf '说明\n本表由乡村振兴局导出\n' >"$T/notes.csv"
printf '附表\nx\n' >"$T/extra.csv"

# Hand-checked: two merged title rows, header on row 3, data from row 4;
# an 18-digit integer cannot survive a double (openpyxl writes what Excel
# would: 4.105221990010113e+17); 1990-01-01 is serial 32874, 1980-01-01
# 29221; the blank CSV line is sheet row 6 with a styled empty cell.
cat >"$T/want" <<'EOF'
row 1: 某县2024年6月防返贫监测对象名单
row 2: 填报单位：某县乡村振兴局
row 3: 序号 | 姓名 | 证件号码 | 出生日期 | 人均纯收入 | 是否享受农村低保 | 备注
row 4: 1 | 张三 | 4.105221990010113e+17^n | 32874^n | 8500.5^n | TRUE^b
row 5: 2 | 李四 | 41052219900101123X | 32874^n | 12000^n | FALSE^b | 24000^n
row 6:
row 7: 3 | 王五 | 4.105221980010113e+17^n | 29221^n | 0^n | FALSE^b | 备注,含逗号
EOF

opts="--sheet 名单 --title 某县2024年6月防返贫监测对象名单 --title 填报单位：某县乡村振兴局
 --id-number 证件号码 --date 出生日期 --num 人均纯收入 --bool 是否享受农村低保
 --before 说明=$T/notes.csv --after 附表=$T/extra.csv"
formula='G5=<c r="G5"><f>E5*2</f><v>24000</v></c>'

for v in inline shared rich; do
	case $v in
	inline) extra= ;;
	shared) extra=--shared-strings ;;
	rich) extra="--shared-strings --rich" ;;
	esac
	# shellcheck disable=SC2086
	mk "$T/roster.csv" "$T/$v.xlsx" $opts --cell "$formula" $extra
	"$DUMP" dump "$T/$v.xlsx" 名单 >"$T/got" 2>"$T/err"
	rc=$?
	if [ $rc = 0 ]; then ok "$v strings: exit 0"; else notok "$v strings: exit $rc: $(cat "$T/err")"; fi
	same_file "$v strings: rows, row numbers and cell flags" "$T/want" "$T/got"
done

# no sheet named: the first visible worksheet (说明 here)
"$DUMP" dump "$T/shared.xlsx" >"$T/got" 2>&1
printf 'row 1: 说明\nrow 2: 本表由乡村振兴局导出\n' >"$T/want1"
same_file "first sheet by default" "$T/want1" "$T/got"

# the first sheet hidden: the data sheet is the first visible one
# shellcheck disable=SC2086
mk "$T/roster.csv" "$T/hidden.xlsx" $opts --cell "$formula" --hide-before
"$DUMP" dump "$T/hidden.xlsx" >"$T/got" 2>&1
same_file "hidden first sheet skipped" "$T/want" "$T/got"

# an unknown sheet name lists the sheets
"$DUMP" dump "$T/shared.xlsx" 花名册 >"$T/out" 2>"$T/err"
check "unknown sheet: exit 3" test $? = 3
printf "dz: 'shared.xlsx': no sheet named '花名册' (sheets: '说明', '名单', '附表')\n" >"$T/wanterr"
same_file "unknown sheet: message lists the sheets" "$T/wanterr" "$T/err"
check "unknown sheet: no rows" test ! -s "$T/out"

# from stdin, and gzip'd (spooled to a temporary file by rowsrc)
"$DUMP" dump - 名单 <"$T/rich.xlsx" >"$T/got" 2>&1
same_file "xlsx from stdin" "$T/want" "$T/got"
gzip -c "$T/rich.xlsx" >"$T/rich.xlsx.gz"
"$DUMP" dump "$T/rich.xlsx.gz" 名单 >"$T/got" 2>&1
same_file "gzip'd xlsx" "$T/want" "$T/got"
