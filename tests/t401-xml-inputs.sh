#!/bin/sh
# t401: XML exports read as named rows: child-element and attribute forms,
# GBK / GB2312 declared encodings, gzip'd XML, stdin, a named record element.
. "$(dirname "$0")/lib.sh"
DUMP="$BUILD/tests/test_xlsxsrc"

# run NAME FILE [RECORD]: dump into $T/got, expect exit 0
run() {
	name=$1; shift
	"$DUMP" dump "$@" >"$T/got" 2>"$T/err"
	rc=$?
	if [ $rc = 0 ]; then ok "$name: exit 0"; else notok "$name: exit $rc: $(cat "$T/err")"; fi
}

cat >"$T/child.xml" <<'EOF'
<?xml version="1.0" encoding="UTF-8"?>
<低保名单 导出时间="2024-07-01">
  <记录>
    <证件号码>41052219900101123X</证件号码>
    <姓名>朱镕基</姓名>
    <保障状态>正常</保障状态>
    <月保障金>560.00</月保障金>
  </记录>
  <记录>
    <证件号码>410522199001011234</证件号码>
    <姓名>张 三</姓名>
    <保障状态/>
    <月保障金></月保障金>
  </记录>
</低保名单>
EOF
cat >"$T/want.child" <<'EOF'
row 1: 证件号码=41052219900101123X | 姓名=朱镕基 | 保障状态=正常 | 月保障金=560.00
row 2: 证件号码=410522199001011234 | 姓名=张 三 | 保障状态= | 月保障金=
EOF
run "child elements" "$T/child.xml"
same_file "child elements: records" "$T/want.child" "$T/got"

cat >"$T/attr.xml" <<'EOF'
<?xml version="1.0" encoding="UTF-8"?>
<DATA>
<ROW 证件号码="41052219900101123X" 姓名="朱镕基" 保障状态="正常" 月保障金="560.00"/>
<ROW 证件号码="410522199001011234" 姓名="张 三" 保障状态="" 月保障金=""/>
</DATA>
EOF
run "attributes" "$T/attr.xml"
same_file "attributes: records" "$T/want.child" "$T/got"

# GBK bytes under a GBK and a GB2312 declaration (镕 is GBK-only)
sed 's/encoding="UTF-8"/encoding="GBK"/' "$T/child.xml" | iconv -f UTF-8 -t GBK >"$T/gbk.xml"
run "GBK declared" "$T/gbk.xml"
same_file "GBK declared: records in UTF-8" "$T/want.child" "$T/got"
sed 's/encoding="UTF-8"/encoding="gb2312"/' "$T/child.xml" | iconv -f UTF-8 -t GBK >"$T/gb2312.xml"
run "GB2312 declared, GBK bytes" "$T/gb2312.xml"
same_file "GB2312 declared: read as GB18030" "$T/want.child" "$T/got"

gzip -c "$T/gbk.xml" >"$T/gbk.xml.gz"
run "gzip'd XML" "$T/gbk.xml.gz"
same_file "gzip'd XML: records" "$T/want.child" "$T/got"

"$DUMP" dump - <"$T/attr.xml" >"$T/got" 2>"$T/err"
check "XML from stdin: exit 0" test $? = 0
same_file "XML from stdin: records" "$T/want.child" "$T/got"

# a record element named in the config, nested below other elements
cat >"$T/nested.xml" <<'EOF'
<导出><乡镇 名称="城关镇"><人员><证件号码>41052219900101123X</证件号码></人员></乡镇>
<乡镇 名称="白道口镇"><人员><证件号码>410522199001011234</证件号码></人员><人员><证件号码>1</证件号码></人员></乡镇></导出>
EOF
run "record element named" "$T/nested.xml" "" 人员
printf 'row 1: 证件号码=41052219900101123X\nrow 2: 证件号码=410522199001011234\nrow 3: 证件号码=1\n' >"$T/want.nested"
same_file "record element named: records" "$T/want.nested" "$T/got"
run "record element detected" "$T/nested.xml"
printf 'row 1: 名称=城关镇 | 证件号码=41052219900101123X\nrow 2: 名称=白道口镇 | 证件号码=410522199001011234 | 证件号码=1\n' >"$T/want.det"
same_file "record element detected: the repeated child of the root" "$T/want.det" "$T/got"
# an element left out of the first record (exporters omit empty elements)
# still counts as a column when later records have it
A1=$($PY "$TOP/tests/mkid.py" 410101 19800101 011); A2=$($PY "$TOP/tests/mkid.py" 410101 19810101 021)
printf '<?xml version="1.0" encoding="UTF-8"?>\n<list><row><证件号码>%s</证件号码><姓名>张三</姓名></row><row><证件号码>%s</证件号码><姓名>李四</姓名><乡镇>城关镇</乡镇><参保状态>正常</参保状态></row></list>\n' "$A1" "$A2" >"$T/omit.xml"
"$DZ" ingest -q --kind med_enroll --period 2024-06 "$T/omit.xml" >"$T/omit.rec"
check "omitted element: exit 0" test $? = 0
check "omitted element: status column present" grep -q "^_row	id	name	township	status\$" "$T/omit.rec"
check "omitted element: later record keeps its status" grep -q "^2	$A2	李四	城关镇	正常\$" "$T/omit.rec"
