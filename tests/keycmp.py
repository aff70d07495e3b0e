#!/usr/bin/python3
"""Put an answer key (fixtures/demo/expected/*.tsv) and a dz CSV report side
by side on every column the key has.

usage: keycmp.py KEY.tsv REPORT.csv WANT GOT

Writes WANT (the key's rows) and GOT (the report's rows, its columns picked
by the Chinese headers the key's columns stand for, in the key's order),
both sorted in C byte order, one row per line, cells separated by tabs and
escaped as the key escapes them (\\\\ \\t \\r \\n).  The key holds values as
dz must show them; a report CSV neutralizes a cell that begins with = + - @
or a control character by a leading ' (SPEC §6), so that rule is applied
to the key's cells here.  Exits 2 if the report lacks one of the columns
or cannot be read."""
import csv, sys

COLS = {
    # findings (key, state, first_seen: SPEC §8, the ledger)
    "key": "线索编号", "state": "状态", "first_seen": "首次发现",
    "last_seen": "最后发现", "result": "核实结果",
    "rule": "规则编号", "rule_name": "规则名称", "township": "乡镇", "village": "行政村",
    "household_id": "户编号", "name": "姓名", "id": "证件号码", "sys_value": "系统值",
    "dept_value": "部门值", "source": "来源", "location": "来源位置", "note": "说明",
    # quality
    "kind": "来源类型", "file": "文件", "row": "行号", "code": "代码", "column": "列",
    "raw": "原始值",
}


def esc(s):
    return s.replace("\\", "\\\\").replace("\t", "\\t").replace("\r", "\\r").replace("\n", "\\n")


def unesc(s):
    out, i = [], 0
    while i < len(s):
        if s[i] == "\\" and i + 1 < len(s):
            out.append({"\\": "\\", "t": "\t", "r": "\r", "n": "\n"}[s[i + 1]])
            i += 2
        else:
            out.append(s[i])
            i += 1
    return "".join(out)


def neutral(s):
    if s and (s[0] in "=+-@" or ord(s[0]) < 0x20 or ord(s[0]) == 0x7F):
        return "'" + s
    return s


def main():
    key, report, want, got = sys.argv[1:5]
    with open(key, encoding="utf-8", newline="") as f:
        lines = f.read().split("\n")
    head = lines[0].split("\t")
    rows = [l.split("\t") for l in lines[1:] if l]
    for c in head:
        if c not in COLS:
            print("keycmp: key column %r has no report column" % c, file=sys.stderr)
            return 2
    wl = sorted("\t".join(esc(neutral(unesc(c))) for c in r) for r in rows)
    try:
        with open(report, encoding="utf-8-sig", newline="") as f:
            rep = list(csv.reader(f))
    except OSError as e:
        print("keycmp: %s" % e, file=sys.stderr)
        return 2
    if not rep:
        print("keycmp: %s is empty" % report, file=sys.stderr)
        return 2
    rh = rep[0]
    idx = []
    for c in head:
        if COLS[c] not in rh:
            print("keycmp: %s has no column %s" % (report, COLS[c]), file=sys.stderr)
            return 2
        idx.append(rh.index(COLS[c]))
    gl = []
    for r in rep[1:]:
        if not r:
            break
        gl.append("\t".join(esc(r[i]) if i < len(r) else "" for i in idx))
    gl.sort()
    with open(want, "w", encoding="utf-8") as f:
        f.write("".join(l + "\n" for l in sorted(wl, key=lambda s: s.encode())))
    with open(got, "w", encoding="utf-8") as f:
        f.write("".join(l + "\n" for l in sorted(gl, key=lambda s: s.encode())))
    return 0


sys.exit(main())
