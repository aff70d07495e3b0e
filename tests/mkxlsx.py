#!/usr/bin/python3
"""mkxlsx.py - turn a CSV into an xlsx with openpyxl, the way department
exports look, as an independent writer for dz's xlsx reader tests.

usage: /usr/bin/python3 tests/mkxlsx.py IN.csv OUT.xlsx [options]

  --sheet NAME          name of the data sheet (default Sheet1)
  --title TEXT          a title row above the header, merged across the
                        header's columns (repeatable: several title rows)
  --num COL             column COL (by header text) as numbers
  --id-number COL       column COL as integers when all digits (an ID stored
                        as a number, the way Excel does it on paste; openpyxl
                        writes an 18-digit integer as 4.105221990010113e+17)
  --id-float COL        column COL as floating point numbers
  --date COL            column COL (YYYY-MM-DD) as real dates (serial numbers)
  --bool COL            column COL as booleans (是/TRUE/1, 否/FALSE/0)
  --before NAME=CSV     a sheet before the data sheet, from another CSV
  --after NAME=CSV      a sheet after the data sheet
  --hide-before         hide the sheets given by --before
  --shared-strings      rewrite the text cells (openpyxl writes inline
                        strings) as shared strings, the way Excel and WPS
                        write them, with xl/sharedStrings.xml
  --rich                with --shared-strings: strings of 2+ characters as
                        two rich text runs plus a phonetic run (which must
                        be ignored)
  --cell REF=XML        replace the data sheet's cell REF (it must hold a
                        value) with this literal <c> element, e.g. a formula
                        with a cached value: '<c r="E3"><f>C3*2</f><v>7</v></c>'

A blank CSV line becomes a sheet row whose only cell is styled but empty.
Text cells starting with '=' are formulas (openpyxl writes no cached
value; use --cell to give one).
"""
import csv
import datetime
import html
import io
import re
import sys
import zipfile

import openpyxl
from xml.sax.saxutils import escape as xml_escape
from openpyxl.styles import Font


def die(msg):
    sys.stderr.write("mkxlsx: %s\n" % msg)
    sys.exit(2)


def read_csv(path):
    with open(path, newline="", encoding="utf-8-sig") as f:
        return [row for row in csv.reader(f)]


def fill_sheet(ws, rows, titles, kinds):
    width = max((len(r) for r in rows), default=1)
    r = 1
    for t in titles:
        ws.cell(row=r, column=1, value=t)
        if width > 1:
            ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=width)
        r += 1
    header = None
    for row in rows:
        if not row or all(c == "" for c in row):
            c = ws.cell(row=r, column=1)
            c.font = Font(bold=True)      # styled, no value: an "empty" row
            r += 1
            continue
        if header is None:
            header = row
            for j, v in enumerate(row, 1):
                ws.cell(row=r, column=j, value=v)
            r += 1
            continue
        for j, v in enumerate(row, 1):
            col = header[j - 1] if j - 1 < len(header) else ""
            kind = kinds.get(col)
            ws.cell(row=r, column=j, value=convert(v, kind))
        r += 1


def convert(v, kind):
    if v == "":
        return None
    if kind == "num":
        return int(v) if re.fullmatch(r"-?\d+", v) else float(v)
    if kind == "idnum":
        return int(v) if re.fullmatch(r"\d+", v) else v
    if kind == "idfloat":
        return float(v) if re.fullmatch(r"\d+", v) else v
    if kind == "date":
        return datetime.datetime.strptime(v, "%Y-%m-%d").date()
    if kind == "bool":
        if v in ("是", "TRUE", "true", "1"):
            return True
        if v in ("否", "FALSE", "false", "0"):
            return False
        return v
    return v


def patch(path, sheet_part, shared, rich, cells):
    zin = zipfile.ZipFile(path)
    members = [(i.filename, zin.read(i.filename)) for i in zin.infolist()]
    zin.close()
    sst, index = [], {}

    def to_shared(m):
        attrs, text = m.group(1), m.group(2)
        attrs = attrs.replace(b' t="inlineStr"', b' t="s"')
        if text not in index:
            index[text] = len(sst)
            sst.append(text)
        return b"<c" + attrs + b"><v>" + str(index[text]).encode() + b"</v></c>"

    def si(text):
        s = html.unescape(text.decode())
        if rich and len(s) >= 2:
            a, b = xml_escape(s[:1]).encode(), xml_escape(s[1:]).encode()
            return (b"<si><r><t>" + a + b"</t></r><r><rPr><b/></rPr><t xml:space=\"preserve\">" + b +
                    b"</t></r><rPh sb=\"0\" eb=\"1\"><t>PHONETIC</t></rPh></si>")
        return b"<si><t xml:space=\"preserve\">" + text + b"</t></si>"

    out = []
    for name, data in members:
        if shared and name.startswith("xl/worksheets/sheet"):
            data = re.sub(rb"<c([^>]*? t=\"inlineStr\"[^>]*)><is><t[^>]*>(.*?)</t></is></c>",
                          to_shared, data, flags=re.S)
        if name == sheet_part:
            for ref, xml in cells:
                pat = re.compile(rb"<c r=\"" + ref.encode() + rb"\"(?:[^>]*/>|[^>]*>.*?</c>)", re.S)
                data, n = pat.subn(lambda m: xml.encode(), data, count=1)
                if n != 1:
                    die("cell %s not found in %s" % (ref, sheet_part))
        out.append([name, data])
    if shared:
        ns = b"http://schemas.openxmlformats.org/"
        for e in out:
            if e[0] == "xl/_rels/workbook.xml.rels":
                e[1] = e[1].replace(b"</Relationships>", b"<Relationship Id=\"rIdSST\" Type=\"" + ns +
                                    b"officeDocument/2006/relationships/sharedStrings\" "
                                    b"Target=\"sharedStrings.xml\"/></Relationships>")
            if e[0] == "[Content_Types].xml":
                e[1] = e[1].replace(b"</Types>", b"<Override PartName=\"/xl/sharedStrings.xml\" "
                                    b"ContentType=\"application/vnd.openxmlformats-officedocument."
                                    b"spreadsheetml.sharedStrings+xml\"/></Types>")
        body = b"".join(si(t) for t in sst)
        out.append(["xl/sharedStrings.xml",
                    b"<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<sst xmlns=\"" + ns +
                    b"spreadsheetml/2006/main\" count=\"%d\" uniqueCount=\"%d\">" % (len(sst), len(sst)) +
                    body + b"</sst>"])
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in out:
            z.writestr(name, data)


def main(argv):
    if len(argv) < 3:
        die("usage: mkxlsx.py IN.csv OUT.xlsx [options]")
    src, dst = argv[1], argv[2]
    sheet, titles, kinds = "Sheet1", [], {}
    before, after, hide_before = [], [], False
    shared = rich = False
    cells = []
    a = argv[3:]
    i = 0
    while i < len(a):
        o = a[i]
        v = a[i + 1] if i + 1 < len(a) else None
        if o in ("--shared-strings", "--rich", "--hide-before"):
            shared |= o == "--shared-strings"
            rich |= o == "--rich"
            hide_before |= o == "--hide-before"
            i += 1
            continue
        if v is None:
            die("option %s needs a value" % o)
        if o == "--sheet":
            sheet = v
        elif o == "--title":
            titles.append(v)
        elif o in ("--num", "--id-number", "--id-float", "--date", "--bool"):
            kinds[v] = {"--num": "num", "--id-number": "idnum", "--id-float": "idfloat",
                        "--date": "date", "--bool": "bool"}[o]
        elif o in ("--before", "--after"):
            name, _, path = v.partition("=")
            (before if o == "--before" else after).append((name, path))
        elif o == "--cell":
            ref, _, xml = v.partition("=")
            cells.append((ref, xml))
        else:
            die("unknown option %s" % o)
        i += 2
    wb = openpyxl.Workbook()
    first = wb.active
    order = before + [(sheet, src)] + after
    data_index = len(before)
    for k, (name, path) in enumerate(order):
        ws = first if k == 0 else wb.create_sheet()
        ws.title = name
        fill_sheet(ws, read_csv(path), titles if k == data_index else [],
                   kinds if k == data_index else {})
        if hide_before and k < data_index:
            ws.sheet_state = "hidden"
    if hide_before and before:
        wb.active = data_index
    wb.save(dst)
    patch(dst, "xl/worksheets/sheet%d.xml" % (data_index + 1), shared, rich, cells)


if __name__ == "__main__":
    main(sys.argv)
