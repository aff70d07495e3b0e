#!/bin/sh
# The ledger (SPEC §8) on the demo county: created 0600 in OUT; 线索编号 as
# SPEC §8 spells them, worked out here from the fixture's answer key (and a
# few written out by hand); 状态 新增 and 首次发现 P in the first period;
# the run recorded (inputs with size and SHA-256 as sha256sum gives them);
# re-running P gives byte-identical outputs and the same ledger; P+1 gives
# 持续 exactly for the keys P found, keeps their first 推送日期, and lists
# the rest of P's keys as resolved; running P after P+1 changes nothing in
# the ledger (a notice says so); a newer schema or a file that is not a
# ledger is refused with exit 2 before any output; --no-ledger makes every
# finding 新增 and writes no ledger; a run exiting 3 records nothing.
. "$(dirname "$0")/lib.sh"
DEMO="$TOP/fixtures/demo"
INI="$DEMO/county.ini"
KEY="$DEMO/expected"
P=2026-10
Q=2026-11
O=$T/o
L=$O/dz-ledger.sqlite
tree() { (cd "$1" && find . -type f | sort | xargs md5sum) 2>/dev/null; }
dump() { sqlite3 "$1" .dump | md5sum; }

(umask 000 && "$DZ" run -q "$INI" --out "$O" --date 2026-11-05 2>"$T/e1")
check "first period: exit 0 ($(cat "$T/e1"))" test $? = 0
check "the ledger is OUT/dz-ledger.sqlite" test -f "$L"
check "the ledger is mode 0600 even under umask 000 ($(stat -c %a "$L"))" test "$(stat -c %a "$L")" = 600
check "schema version 2" test "$(sqlite3 "$L" 'PRAGMA user_version')" = 2
check "WAL journal" test "$(sqlite3 "$L" 'PRAGMA journal_mode')" = wal
check "integrity_check ok" test "$(sqlite3 "$L" 'PRAGMA integrity_check')" = ok
check "no WAL file left after a complete run" test ! -e "$L-wal"

# 线索编号 from the answer key, per SPEC §8 and the scopes of SPEC §5:
# household rules RULE-H户编号 (RULE-ID of the head without 户编号), YJ08
# RULE-乡镇/行政村, ZZ12 RULE-ID-KIND (the demo's source names are its kinds),
# the others RULE-ID
$PY - "$KEY" "$O/$P" "$P" >"$T/keys.out" <<'PYEOF'
import csv, os, sys
key, out, period = sys.argv[1:4]
HOUSEHOLD = {"ZZ13", "ZZ14", "ZS01", "ZS02", "ZS03", "ZS04", "ZS05", "YJ06", "YJ07",
             "LJ02", "LJ03", "LJ13", "LJ14", "LJ15", "LJ18", "LJ19"}
def ok(c, what):
    print(("ok - " if c else "not ok - ") + what)
def want_key(r):
    rule = r["rule"]
    if rule == "YJ08":
        return "YJ08-%s/%s" % (r["township"], r["village"])
    if rule in HOUSEHOLD:
        return "%s-H%s" % (rule, r["household_id"]) if r["household_id"] else "%s-%s" % (rule, r["id"])
    if rule == "ZZ12":
        return "ZZ12-%s-%s" % (r["id"], r["source"])
    return "%s-%s" % (rule, r["id"])
for name in ("mismatches", "warnings"):
    with open(os.path.join(key, name + ".tsv"), encoding="utf-8") as f:
        lines = f.read().split("\n")
    head = lines[0].split("\t")
    want = sorted((want_key(dict(zip(head, l.split("\t")))), dict(zip(head, l.split("\t")))["location"])
                  for l in lines[1:] if l)
    with open(os.path.join(out, name + ".csv"), encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    got = sorted((r["线索编号"], r["来源位置"]) for r in rows)
    ok(want == got, "%s.csv: 线索编号 of all %d rows as SPEC §8 spells them from the answer key" % (name, len(want)))
    if want != got:
        for w, g in zip(want, got):
            if w != g:
                print("#   want %s got %s" % (w, g))
                break
    ok(all(r["状态"] == "新增" for r in rows), "%s.csv: every row 新增 in the first recorded period" % name)
    ok(all(r["首次发现"] == period for r in rows), "%s.csv: 首次发现 %s on every row" % (name, period))
    ok(list(rows[0].keys())[:3] == ["线索编号", "状态", "首次发现"] if rows else False,
       "%s.csv: 线索编号, 状态, 首次发现 are the first columns" % name)
PYEOF
cat "$T/keys.out"
# keys written out by hand from the answer key's rows: its three water-bad
# villages (the keys of the other scopes are checked row by row above, and
# with a small county written by hand in t360 and tests/unit/test_ledger.c)
for k in "YJ08-城关镇/南街村" "YJ08-柳河镇/王庄村" "YJ08-马庄乡/孙集村"; do
	check "key $k in warnings.csv" grep -q "^\"$k\"," "$O/$P/warnings.csv"
done

# the run's record: inputs with name, size, SHA-256, counts
sqlite3 -separator ' ' "$L" "SELECT file, size, sha256 FROM run_inputs WHERE period = '$P' ORDER BY ordinal" >"$T/inputs.got"
(cd "$DEMO" && for f in $(sed -n 's/^file *= *//p' county.ini); do
	printf '%s %s %s\n' "$f" "$(stat -c %s "$f")" "$(sha256sum "$f" | cut -d' ' -f1)"
done) >"$T/inputs.want"
same_file "run_inputs: every input file with its size and SHA-256 (sha256sum)" "$T/inputs.want" "$T/inputs.got"
check "run_inputs: rows read as in summary.csv (roster)" \
	test "$(sqlite3 "$L" "SELECT rows_read FROM run_inputs WHERE period = '$P' AND source = 'roster'")" = \
	"$($PY "$TOP/tests/csvcol.py" "$O/$P/summary.csv" 规则编号 >/dev/null; $PY - "$O/$P/summary.csv" <<'PYEOF'
import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8-sig", newline="")))
i = rows.index([])
h = rows[i + 1]
for r in rows[i + 2:]:
    if r and r[0] == "roster":
        print(r[h.index("读入行数")])
PYEOF
)"
nf=$(($(wc -l <"$KEY/mismatches.tsv") + $(wc -l <"$KEY/warnings.tsv") - 2))
nc=$(($($PY "$TOP/tests/csvcol.py" "$O/$P/checks.csv" 规则编号 | wc -l)))
check "findings recorded: $nf + $nc checks" \
	test "$(sqlite3 "$L" "SELECT count(*) FROM findings WHERE period = '$P'")" = $((nf + nc))
check "the run: period, run date, dz version" \
	test "$(sqlite3 "$L" "SELECT period || ' ' || run_date || ' ' || dz_version FROM runs")" = "$P 2026-11-05 $("$DZ" version | head -1 | cut -d' ' -f2)"
check "every pushed finding: 推送日期 = run date, 核实时限 = +15 days" \
	test "$(sqlite3 "$L" "SELECT count(*) FROM findings WHERE pushed AND (push_date <> '2026-11-05' OR deadline <> '2026-11-20')")" = 0
check "findings of 未知乡镇 are not pushed" \
	test "$(sqlite3 "$L" "SELECT count(*) FROM findings WHERE township = '未知乡镇' AND pushed")" = 0
check "the other findings are pushed" \
	test "$(sqlite3 "$L" "SELECT count(*) FROM findings WHERE township <> '未知乡镇' AND NOT pushed")" = 0

# re-running P: byte-identical outputs, the same ledger content
tree "$O/$P" >"$T/p1.sum"
dump "$L" >"$T/l1.sum"
"$DZ" run -q "$INI" --out "$O" --date 2026-11-05
check "re-run of P: exit 0" test $? = 0
tree "$O/$P" >"$T/p2.sum"
same_file "re-run of P: byte-identical outputs" "$T/p1.sum" "$T/p2.sum"
dump "$L" >"$T/l2.sum"
same_file "re-run of P: the same ledger content (sqlite3 .dump)" "$T/l1.sum" "$T/l2.sum"

# P+1 with the same files: 持续 for every key P found, 新增 otherwise
"$DZ" run -q "$INI" --out "$O" --period $Q --date 2026-12-05
check "P+1: exit 0" test $? = 0
$PY - "$O/$P" "$O/$Q" "$P" "$Q" <<'PYEOF'
import csv, os, sys
a, b, p, q = sys.argv[1:5]
def ok(c, what):
    print(("ok - " if c else "not ok - ") + what)
def rows(d, n):
    with open(os.path.join(d, n), encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))
pa = [r for n in ("mismatches.csv", "warnings.csv", "checks.csv") for r in rows(a, n)]
qa = [r for n in ("mismatches.csv", "warnings.csv", "checks.csv") for r in rows(b, n)]
ka = {r["线索编号"] for r in pa}
kb = {r["线索编号"] for r in qa}
bad = [r["线索编号"] for r in qa if r["状态"] != ("持续" if r["线索编号"] in ka else "新增")]
ok(not bad, "P+1: 持续 exactly for the keys P found, 新增 for the others (%d 持续, %d 新增) %s"
   % (len(kb & ka), len(kb - ka), bad[:3]))
ok(len(kb & ka) > 0 and len(kb - ka) > 0, "P+1 has both 持续 and 新增 rows")
bad = [r["线索编号"] for r in qa if r["首次发现"] != (p if r["线索编号"] in ka else q)]
ok(not bad, "P+1: 首次发现 %s for 持续, %s for 新增 %s" % (p, q, bad[:3]))
res = rows(b, "resolved.csv")
want = sorted(ka - kb)
got = sorted(r["线索编号"] for r in res)
ok(want == got and len(want) > 0, "resolved.csv: the %d keys of P not found in P+1 (%d listed)" % (len(want), len(got)))
ok(all(r["最后发现"] == p for r in res), "resolved.csv: 最后发现 %s" % p)
byk = {r["线索编号"]: r for r in pa}
cols = ["规则编号", "乡镇", "行政村", "户编号", "姓名", "证件号码", "系统值", "部门值", "来源", "来源位置", "说明"]
ok(all(all(r[c] == byk[r["线索编号"]][c] for c in cols) for r in res),
   "resolved.csv: the finding columns of the last occurrence")
PYEOF
check "P+1 持续: the first 推送日期 and 核实时限 stand" \
	test "$(sqlite3 "$L" "SELECT count(*) FROM findings WHERE period = '$Q' AND state = '持续' AND pushed AND (push_date <> '2026-11-05' OR deadline <> '2026-11-20')")" = 0
check "P+1 新增: pushed on the new run date" \
	test "$(sqlite3 "$L" "SELECT count(*) FROM findings WHERE period = '$Q' AND state = '新增' AND pushed AND (push_date <> '2026-12-05' OR deadline <> '2026-12-20')")" = 0
$PY - "$O/$Q/summary.csv" "$O/$Q" <<'PYEOF'
import csv, os, sys
s, d = sys.argv[1:3]
def ok(c, what):
    print(("ok - " if c else "not ok - ") + what)
rows = list(csv.reader(open(s, encoding="utf-8-sig", newline="")))
h = rows[0]
body = []
for r in rows[1:]:
    if not r:
        break
    body.append(dict(zip(h, r)))
def rows_of(n):
    with open(os.path.join(d, n), encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))
fs = [r for n in ("mismatches.csv", "warnings.csv", "checks.csv") for r in rows_of(n)]
res = rows_of("resolved.csv")
bad = []
for b in body:
    if b["执行情况"] != "已执行" or b["规则编号"].startswith("DQ"):
        continue
    for st in ("新增", "持续", "已核实", "豁免"):
        n = sum(1 for r in fs if r["规则编号"] == b["规则编号"] and r["状态"] == st)
        if int(b[st]) != n:
            bad.append((b["规则编号"], st, b[st], n))
    n = sum(1 for r in res if r["规则编号"] == b["规则编号"])
    if int(b["已消除"]) != n:
        bad.append((b["规则编号"], "已消除", b["已消除"], n))
ok(not bad, "summary.csv: 新增/持续/已核实/豁免/已消除 per rule as the reports count them %s" % bad[:3])
# the township table (after the source table)
i = [k for k, r in enumerate(rows) if r and r[0] == "乡镇" and len(r) > 1 and r[1] == "合计"]
ok(len(i) == 1, "summary.csv: one township table")
if i:
    th = rows[i[0]]
    bad = []
    for r in rows[i[0] + 1:]:
        if not r:
            break
        t = dict(zip(th, r))
        for st in ("新增", "持续", "已核实", "豁免"):
            n = sum(1 for f in fs if f["乡镇"] == t["乡镇"] and f["状态"] == st)
            if int(t[st]) != n:
                bad.append((t["乡镇"], st, t[st], n))
        n = sum(1 for f in res if f["乡镇"] == t["乡镇"])
        if int(t["已消除"]) != n:
            bad.append((t["乡镇"], "已消除", t["已消除"], n))
    ok(not bad, "summary.csv: the states per township as the reports count them %s" % bad[:3])
PYEOF

# P after P+1: P's reports against the period before P (none), the ledger unchanged
dump "$L" >"$T/l3.sum"
tree "$O/$P" >"$T/p3.sum"
"$DZ" run "$INI" --out "$O" --date 2026-12-06 2>"$T/e4" >/dev/null
check "P after P+1: exit 0" test $? = 0
dump "$L" >"$T/l4.sum"
same_file "P after P+1: the ledger is unchanged (sqlite3 .dump)" "$T/l3.sum" "$T/l4.sum"
check "P after P+1: a notice says so" grep -q "dz: run: warning: ledger: $P is older than the newest recorded period $Q: states are computed against no earlier period and the ledger is left unchanged" "$T/e4"
check "P after P+1: every finding 新增 again (no period before P)" \
	sh -c "! cut -d, -f2 '$O/$P/warnings.csv' '$O/$P/mismatches.csv' | grep -q '持续'"

# a run exiting 3 records nothing
printf '证件号码,姓名\n4.10522E+17,坏\n' >"$T/bad.csv"
"$DZ" run -q "$INI" --out "$O" --period 2026-12 --date 2027-01-05 --source med_enroll="$T/bad.csv" 2>/dev/null
check "a run failing on its input: exit 3" test $? = 3
dump "$L" >"$T/l5.sum"
same_file "exit 3: the ledger is unchanged" "$T/l3.sum" "$T/l5.sum"
check "exit 3: its failed reports carry states too" test -s "$O/2026-12.failed/resolved.csv"

# a newer schema, or not a ledger: exit 2 before any output
mkdir -p "$T/n"
cp "$L" "$T/n/dz-ledger.sqlite"
sqlite3 "$T/n/dz-ledger.sqlite" 'PRAGMA user_version = 7'
dump "$T/n/dz-ledger.sqlite" >"$T/n1.sum"
"$DZ" run -q "$INI" --out "$T/n" --date 2026-11-05 2>"$T/e5"
check "newer schema: exit 2" test $? = 2
check "newer schema: one message naming the ledger and both versions" test "$(cat "$T/e5")" = \
	"dz: run: ledger '$T/n/dz-ledger.sqlite' has schema version 7, newer than this dz ($("$DZ" version | head -1 | cut -d' ' -f2)) knows (2): use a newer dz, or another ledger (--ledger)"
check "newer schema: no output" test "$(ls -A "$T/n")" = dz-ledger.sqlite
dump "$T/n/dz-ledger.sqlite" >"$T/n2.sum"
same_file "newer schema: the ledger untouched" "$T/n1.sum" "$T/n2.sum"
mkdir -p "$T/x"
echo "not a database, just text long enough to be read as a header by sqlite" >"$T/x/notes.txt"
"$DZ" run -q "$INI" --out "$T/x/o" --ledger "$T/x/notes.txt" --date 2026-11-05 2>"$T/e6"
check "a file that is not a ledger: exit 2 ($(cat "$T/e6"))" test $? = 2
check "... naming it" grep -q "ledger '$T/x/notes.txt'" "$T/e6"
check "... and no output" test ! -e "$T/x/o/$P"
sqlite3 "$T/x/other.db" 'CREATE TABLE t (a)'
"$DZ" run -q "$INI" --out "$T/x/o" --ledger "$T/x/other.db" --date 2026-11-05 2>"$T/e7"
check "an SQLite database that is not a dz ledger: exit 2" test $? = 2
check "... with the reason" grep -q "is an SQLite database but not a dz ledger" "$T/e7"

# --no-ledger: every finding 新增, no ledger file
"$DZ" run -q "$INI" --out "$T/nl" --period $Q --no-ledger --date 2026-12-05
check "--no-ledger: exit 0" test $? = 0
check "--no-ledger: no ledger file" test ! -e "$T/nl/dz-ledger.sqlite"
check "--no-ledger: every finding 新增" \
	test "$(cat "$T/nl/$Q/mismatches.csv" "$T/nl/$Q/warnings.csv" "$T/nl/$Q/checks.csv" | grep -c '^"[A-Z]')" = \
	"$(cat "$T/nl/$Q/mismatches.csv" "$T/nl/$Q/warnings.csv" "$T/nl/$Q/checks.csv" | grep -c '^"[^"]*","新增","'$Q'"')"
check "--no-ledger: resolved.csv holds only its header" test "$(wc -l <"$T/nl/$Q/resolved.csv")" = 1
expect_exit 2 "--ledger with --no-ledger: usage error" sh -c "\"$DZ\" run -q \"$INI\" --out \"$T/nl\" --no-ledger --ledger \"$T/l.db\" 2>/dev/null"

# [run] ledger = PATH relative to the config file's folder; --ledger relative to the working folder
mkdir -p "$T/cfg/sub"
sed "s|^file = |file = $DEMO/|; s|^out = .*|out = $T/cfg/out|" "$INI" >"$T/cfg/county.ini"
printf '[run]\nledger = sub/county.sqlite\n' >>"$T/cfg/county.ini"
$PY - "$T/cfg/county.ini" <<'PYEOF'
import sys
p = sys.argv[1]
s = open(p, encoding="utf-8").read()
# one [run] section: move the appended key into the first one
s = s.replace("\n[run]\nledger = sub/county.sqlite\n", "\n")
s = s.replace("[run]\n", "[run]\nledger = sub/county.sqlite\n", 1)
open(p, "w", encoding="utf-8").write(s)
PYEOF
(cd "$T" && "$DZ" run -q cfg/county.ini --date 2026-11-05)
check "[run] ledger: exit 0" test $? = 0
check "[run] ledger = sub/county.sqlite is the config folder's sub/county.sqlite" test -s "$T/cfg/sub/county.sqlite"
check "... and none in OUT" test ! -e "$T/cfg/out/dz-ledger.sqlite"
(cd "$T" && "$DZ" run -q cfg/county.ini --ledger mine.sqlite --date 2026-11-05)
check "--ledger FILE is relative to the working folder and wins over [run] ledger" \
	test "$(sqlite3 "$T/mine.sqlite" 'SELECT count(*) FROM runs')" = 1

# never inside the period's folder (publishing replaces it; push/ goes out)
"$DZ" run -q "$INI" --out "$O" --date 2026-11-05 --ledger "$O/$P/push/l.sqlite" 2>"$T/e8"
check "a ledger inside OUT/P/push: exit 2" test $? = 2
check "... with the reason" test "$(cat "$T/e8")" = "dz: run: ledger '$O/$P/push/l.sqlite' is inside the period's folder '$O/$P', which every run replaces: keep it outside (default: OUT/dz-ledger.sqlite)"
check "... and nothing created" test ! -e "$O/$P/push/l.sqlite"

# an older ledger (schema 1: findings keyed by (period, seq) with an index
# on key, as docs/ledger.md describes it) is migrated in one transaction
# and keeps its content
mkdir -p "$T/m"
cp "$L" "$T/m/dz-ledger.sqlite"
M=$T/m/dz-ledger.sqlite
sqlite3 "$M" "BEGIN;
CREATE TABLE f1 (period TEXT NOT NULL, seq INTEGER NOT NULL, key TEXT NOT NULL, rule TEXT NOT NULL,
  township TEXT NOT NULL, village TEXT NOT NULL, household_id TEXT NOT NULL, id TEXT NOT NULL,
  name TEXT NOT NULL, sys_value TEXT NOT NULL, dept_value TEXT NOT NULL, source TEXT NOT NULL,
  location TEXT NOT NULL, note TEXT NOT NULL, state TEXT NOT NULL, first_seen TEXT NOT NULL,
  pushed INTEGER NOT NULL, push_date TEXT, deadline TEXT, PRIMARY KEY (period, seq)) WITHOUT ROWID;
INSERT INTO f1 SELECT * FROM findings; DROP TABLE findings; ALTER TABLE f1 RENAME TO findings;
CREATE INDEX findings_key ON findings (key, period); PRAGMA user_version = 1; COMMIT;"
check "a schema 1 ledger made by hand" test "$(sqlite3 "$M" 'PRAGMA user_version')" = 1
sqlite3 "$M" "SELECT * FROM findings ORDER BY period, seq" | md5sum >"$T/m1.sum"
"$DZ" run -q "$INI" --out "$T/m" --period 2027-01 --date 2027-02-05 2>"$T/e9"
check "schema 1: the run completes ($(cat "$T/e9"))" test $? = 0
check "schema 1 -> 2: user_version 2" test "$(sqlite3 "$M" 'PRAGMA user_version')" = 2
check "schema 1 -> 2: the findings table keyed by (period, key, seq), the old index gone" \
	sh -c "sqlite3 '$M' \"SELECT sql FROM sqlite_master WHERE name = 'findings'\" | grep -q 'PRIMARY KEY (period, key, seq)' &&
	test -z \"\$(sqlite3 '$M' \"SELECT name FROM sqlite_master WHERE name = 'findings_key'\")\""
sqlite3 "$M" "SELECT * FROM findings WHERE period < '2027-01' ORDER BY period, seq" | md5sum >"$T/m2.sum"
same_file "schema 1 -> 2: the recorded findings unchanged" "$T/m1.sum" "$T/m2.sum"
check "schema 1 -> 2: states against the migrated ledger (持续 from $Q)" \
	grep -q '^"[^"]*","持续","'$P'"' "$T/m/2027-01/warnings.csv"
