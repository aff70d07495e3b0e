#!/usr/bin/python3
"""Print selected columns of a dz XLSX list (title row, then the header row)
as TSV, read with openpyxl: the xlsx counterpart of csvcol.py.

usage: xlsxcol.py FILE COLUMN[,COLUMN...]   (column names as in the header row)
       xlsxcol.py FILE --all                (every row, every column)"""
import sys
import openpyxl

path, cols = sys.argv[1], sys.argv[2]
ws = openpyxl.load_workbook(path, read_only=True).worksheets[0]
rows = [["" if v is None else str(v) for v in r] for r in ws.iter_rows(values_only=True)]
head = rows[1]
idx = list(range(len(head))) if cols == "--all" else [head.index(c) for c in cols.split(",")]
for r in rows[2:]:
    print("\t".join(r[i] if i < len(r) else "" for i in idx))
