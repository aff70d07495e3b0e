#!/usr/bin/python3
"""Print selected columns of a dz CSV report (UTF-8 BOM, RFC 4180) as TSV.

usage: csvcol.py FILE COLUMN[,COLUMN...]   (column names as in the header row)
       csvcol.py FILE --all                (every row, every column)
Used by the shell tests to compare reports with answer keys without relying
on dz's own reader."""
import csv, sys

path, cols = sys.argv[1], sys.argv[2]
with open(path, encoding="utf-8-sig", newline="") as f:
    rows = list(csv.reader(f))
if not rows:
    sys.exit(0)
head = rows[0]
if cols == "--all":
    idx = list(range(len(head)))
else:
    idx = [head.index(c) for c in cols.split(",")]
for r in rows[1:]:
    if not r:
        break  # summary.csv: a blank row ends the first table
    print("\t".join(r[i] if i < len(r) else "" for i in idx))
