#!/bin/sh
# t430: dz sniff on the demo county's exports, checked against the answer
# keys written by the fixture generator (fixtures/demo/expected: rows.tsv
# for the row account, quality.tsv for the DQ codes): without --kind it
# ranks the kinds and shows the right one, its header row, column map, key
# column and account; --json is read by Python's json module; the first
# records carry the DQ codes of the answer key; unreadable files exit 3
# with the message dz ingest gives; --help.
. "$(dirname "$0")/lib.sh"
DEMO=${DEMO:-$TOP/fixtures/demo}
KEY=$DEMO/expected
cd "$T"

# every demo export, no --kind: the kind shown and its account (JSON)
for f in roster household dibao relief death med_enroll med_claims employment school water survey; do
	src=$DEMO/$f.csv
	[ -f "$src" ] || src=$src.gz
	"$DZ" sniff --json -n 256 -p 2026-10 "$src" >$f.json 2>$f.err
	echo "$f $?" >>rc.txt
done
check "sniff exits 0 on every demo export" sh -c "! grep -v ' 0\$' rc.txt"
$PY - "$KEY" >acct.txt <<'EOF'
import csv, json, sys
key = sys.argv[1]
rows = {r["kind"]: r for r in csv.DictReader(open(key + "/rows.tsv", encoding="utf-8"), delimiter="\t")}
for kind in ["roster", "household", "dibao", "relief", "death", "med_enroll", "med_claims",
             "employment", "school", "water", "survey"]:
    d = json.load(open(kind + ".json", encoding="utf-8"))
    r = rows[kind]
    got = (d["kind"], d["rows"]["read"], d["rows"]["used"], d["rows"]["rejected"])
    want = (kind, int(r["read"]), int(r["used"]), int(r["rejected"]))
    print("%s %s" % ("same" if got == want else "DIFF", (want, got)))
EOF
n=$(grep -c '^same' acct.txt)
if [ "$n" = 11 ]; then ok "11 exports: the right kind shown, rows read/used/rejected as the answer key"; else notok "kind and account per export ($n of 11)"; grep DIFF acct.txt | head -5 | sed 's/^/#   /'; fi

# tekun has the same fields as dibao: both rank first, dibao (SPEC order) is shown;
# --kind tekun shows it as tekun, with the answer key's account
"$DZ" sniff -p 2026-10 "$DEMO/tekun.csv" >tekun.txt
check "tekun.csv: dibao and tekun map the same 7 fields" \
	sh -c "grep -q '^  dibao .* 7 个字段' tekun.txt && grep -q '^  tekun .* 7 个字段' tekun.txt"
"$DZ" sniff --json -n 0 -k tekun -p 2026-10 "$DEMO/tekun.csv" >tekun.json
tk=$(awk -F'\t' '$1 == "tekun" { print $3, $4, $5 }' "$KEY/rows.tsv")
check "--kind tekun: account as the answer key (read used rejected: $tk), no records with -n 0" \
	$PY -c "import json,sys; d=json.load(open('tekun.json')); r=d['rows']; sys.exit(not (d['kind']=='tekun' and '%d %d %d' % (r['read'], r['used'], r['rejected']) == '$tk' and len(d['kinds'])==1 and d['records']==[]))"

# the DQ codes beside the records are the answer key's, row by row (dibao:
# all of its rows shown, fewer than 256); the rows rejected are those the
# key gives a rejecting code (DQ01-DQ05)
$PY - "$KEY" >dq.txt <<'EOF'
import csv, json, sys
want = sorted((int(r["row"]), r["code"], r["column"], r["raw"])
              for r in csv.DictReader(open(sys.argv[1] + "/quality.tsv", encoding="utf-8"), delimiter="\t")
              if r["kind"] == "dibao")
d = json.load(open("dibao.json", encoding="utf-8"))
got = sorted((rec["row"], q["code"], q["column"], q["raw"]) for rec in d["records"] for q in rec["dq"])
print("same" if got == want else "DIFF want %s got %s" % (want, got))
st = {rec["row"]: rec["status"] for rec in d["records"]}
rej = sorted(r for r, s in st.items() if s == "rejected")
print("rejected", "same" if rej == sorted(w[0] for w in want if w[1] in ("DQ01", "DQ02", "DQ03", "DQ04", "DQ05")) and rej else rej)
rows = {r["kind"]: r for r in csv.DictReader(open(sys.argv[1] + "/rows.tsv", encoding="utf-8"), delimiter="\t")}
print("records", "same" if len(d["records"]) == int(rows["dibao"]["read"]) < 256 else len(d["records"]))
EOF
check "dibao: DQ codes beside the records equal the answer key (row, code, column, raw)" grep -qx same dq.txt
check "dibao: the rows the answer key rejects are shown as rejected" grep -qx 'rejected same' dq.txt
check "dibao: -n 256 shows every data row (as many as rows.tsv reads)" grep -qx 'records same' dq.txt

# the text table: container, encoding, delimiter, header row, columns, key
"$DZ" sniff -n 2 -p 2026-10 "$DEMO/dibao.csv" >dibao.txt
check "text: container and encoding" sh -c "grep -q '^格式 (container): *文本' dibao.txt && grep -q '^编码 (encoding): *GB18030' dibao.txt"
check "text: comma delimiter" grep -q '^分隔符 (delimiter): *逗号 (comma)' dibao.txt
hdr=$(iconv -f GB18030 -t UTF-8 "$DEMO/dibao.csv" | awk -F, '/身份证号/ { print NR; exit }')
check "text: header row $hdr (the line holding 身份证号)" grep -q "^表头 (header row): *第 $hdr 行" dibao.txt
check "text: 身份证号 in column E maps to id, 序号 is not mapped" \
	sh -c "grep -q '^  E   身份证号 -> id ' dibao.txt && grep -q '^  A   序号 -> 未识别' dibao.txt"
check "text: key column 身份证号" grep -q '^关键列 (key column): *身份证号 (id)' dibao.txt
check "text: -n 2 shows two rows" test "$(grep -c '^  第 [0-9]* 行' dibao.txt)" = 2

# a tab-separated file from stdin
printf '姓名\t证件号码\t火化日期\n张三\t11010519491231002X\t2026-10-02\n' >death.tsv
"$DZ" sniff -k death - <death.tsv >stdin.txt
check "stdin, tab-separated: read as file 'stdin', tab delimiter" \
	sh -c "grep -q '^文件 (file): *stdin' stdin.txt && grep -q '^分隔符 (delimiter): *制表符 (tab)' stdin.txt"
check "stdin: the record as dz reads it (date parsed)" grep -q '^    date  *2026-10-02$' stdin.txt

# nothing maps: exit 0, says so
printf 'a,b,c\n1,2,3\n' >none.csv
"$DZ" sniff none.csv >none.txt
check "no kind maps: exit 0" test $? = 0
check "no kind maps: says so" grep -q '^没有一种类型找到含关键列的表头' none.txt
"$DZ" sniff -k dibao none.csv >none2.txt
check "--kind without its key column: exit 0, ingest's message shown" \
	grep -q "^'none.csv': no 证件号码 for kind dibao in the first 20 rows; headers found (row 1): a, b, c" none2.txt

# unreadable: exit 3 and the message dz ingest gives
head -c 300 "$DEMO/med_claims.csv.gz" >cut.csv.gz
"$DZ" sniff cut.csv.gz >/dev/null 2>sniff.err
check "truncated gzip: exit 3" test $? = 3
"$DZ" ingest -q -k med_claims cut.csv.gz >/dev/null 2>ingest.err
check "truncated gzip: the message of dz ingest" \
	test "$(sed 's/^dz: sniff: //' sniff.err)" = "$(sed 's/^dz: ingest: //' ingest.err)"
check "truncated gzip: message names the file" grep -q "^dz: sniff: 'cut.csv.gz': truncated gzip data" sniff.err
"$DZ" sniff missing.csv >/dev/null 2>err.txt
rc=$?
"$DZ" ingest -q -k dibao missing.csv >/dev/null 2>ingest2.err
irc=$?
check "missing file: the exit status of dz ingest ($irc)" test "$rc" = "$irc" -a "$rc" != 0
check "missing file: the message of dz ingest" \
	test "$(sed 's/^dz: sniff: //' err.txt)" = "$(sed 's/^dz: ingest: //' ingest2.err)"
check "missing file: message names the file" grep -q "^dz: sniff: 'missing.csv': .*No such file" err.txt

# usage
"$DZ" sniff --help >help.txt
check "--help: exit 0, every option" sh -c "grep -q -- '--kind' help.txt && grep -q -- '--sheet' help.txt && grep -q -- '--header-row' help.txt && grep -q -- '--rows' help.txt && grep -q -- '--json' help.txt"
"$DZ" sniff >/dev/null 2>&1
check "no FILE: exit 2" test $? = 2
"$DZ" sniff -k nosuch x.csv >/dev/null 2>&1
check "unknown kind: exit 2" test $? = 2
