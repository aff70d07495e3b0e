#!/usr/bin/python3
"""demo2html.py - render every export of the demo county (fixtures/demo) as
the HTML table a web system's "导出Excel" button sends (an .xls file that is
really HTML), written here with Python's html module, independently of dz,
for tests/t425-html-demo.sh.

usage: /usr/bin/python3 tests/demo2html.py [--footers] DEMO_DIR OUT_DIR

Writes OUT_DIR/KIND.xls (HTML whatever the name) for the twelve kinds, plus
  rowmap.tsv   kind, CSV row, <tr> ordinal in the data table ("-": skipped)
  planted.tsv  kind, <tr> ordinal, code: the footer rows added (DQ14)

Each page: a DOCTYPE, <meta http-equiv="Content-Type" ... charset=gbk>
(GBK-encoded; relief declares <meta charset="utf-8"> and is UTF-8; death
declares gb2312), a small search-form <table> before the data table (so the
reader must choose the table holding the key column), then the data table:
the CSV's title rows as one <td colspan=W> each, the header as <th> cells,
one <tr> per record (blank CSV lines are not written: a web page has no
blank rows, hence the rowmap), cells HTML-escaped, names followed by
&nbsp;, and with --footers - where the key column is not the first - a 合计
row (colspan up to the key column, the key cell empty) and a 制表人 row
across the table.
Characters GBK cannot hold (the U+FFFD of the demo's DQ09 rows) are written
as numeric character references.  Rows the CSV demo plants as malformed
(DQ08) are skipped; DQ09 rows carry U+FFFD as the values dz used.
"""
import html
import os
import sys

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import demo2native as dn  # noqa: E402

KINDS = ["roster", "household", "dibao", "tekun", "relief", "death", "med_enroll",
         "med_claims", "employment", "school", "water", "survey"]
KEYS = ("证件号码", "身份证号", "身份证号码", "公民身份号码", "户编号", "乡镇")
NAMES = ("姓名", "户主姓名", "成员姓名")


def td(v, name=False):
    t = html.escape(v, quote=False)
    return "<td>%s%s</td>" % (t, "&nbsp;" if name and v else "")


def page(src, kind, rowmap, planted, footers):
    recs, hi, bad = dn.read_csv(src)
    header = recs[hi][1]
    width = len(header)
    key = next(i for i, h in enumerate(header) if dn.base(h) in KEYS)
    names = {i for i, h in enumerate(header) if dn.base(h) in NAMES}
    out = []
    tr = 0
    for i, (line, r) in enumerate(recs):
        if r is None or line in bad:
            rowmap.append((kind, line, "-"))
        elif i < hi:
            tr += 1
            t = "\u3000".join(c for c in r if c.strip())
            out.append('<tr><td colspan="%d" align="center"><b>%s</b></td></tr>' % (width, html.escape(t)))
        elif i == hi:
            tr += 1
            out.append("<tr>" + "".join("<th>%s</th>" % html.escape(h) for h in header) + "</tr>")
        elif r:
            tr += 1
            rowmap.append((kind, line, tr))
            out.append("<tr>" + "".join(td(v, j in names) for j, v in enumerate(r)) + "</tr>")
    if footers and key > 0:
        tr += 1
        out.append('<tr><td colspan="%d">合计</td>' % key + "<td></td>" * (width - key) + "</tr>")
        planted.append((kind, tr, "DQ14"))
        tr += 1
        out.append('<tr><td colspan="%d">制表人：王芳&nbsp;&nbsp;审核人：李强&nbsp;&nbsp;'
                   '制表日期：2026-11-03</td></tr>' % width)
        planted.append((kind, tr, "DQ14"))
    return out


def main(argv):
    footers = len(argv) > 1 and argv[1] == "--footers"
    if footers:
        argv = argv[1:]
    if len(argv) != 3:
        sys.exit("usage: demo2html.py [--footers] DEMO_DIR OUT_DIR")
    d, o = argv[1], argv[2]
    rowmap, planted = [], []
    for k in KINDS:
        src = os.path.join(d, k + ".csv")
        if not os.path.exists(src):
            src += ".gz"
        rows = page(src, k, rowmap, planted, footers)
        enc, meta = "gbk", '<meta http-equiv="Content-Type" content="text/html; charset=gbk">'
        if k == "relief":
            enc, meta = "utf-8", '<meta charset="utf-8">'
        elif k == "death":
            meta = '<META HTTP-EQUIV="content-type" CONTENT="text/html;charset=GB2312">'
        doc = "\r\n".join([
            '<!DOCTYPE html PUBLIC "-//W3C//DTD HTML 4.01 Transitional//EN">',
            "<html>", "<head>", meta, "<title>数据导出</title>",
            '<style type="text/css">td { mso-number-format: "\\@"; }</style>',
            "<script>var exported = '<table>';</script>",
            "</head>", "<body>",
            '<table class="query"><tr><td>查询条件：</td><td>乡镇：全部&nbsp;</td><td>月份：2026-10</td></tr></table>',
            '<table border="1" cellspacing="0" cellpadding="2">',
        ] + rows + ["</table>", "</body>", "</html>", ""])
        with open(os.path.join(o, k + ".xls"), "wb") as f:
            f.write(doc.encode(enc, errors="xmlcharrefreplace"))
    with open(os.path.join(o, "rowmap.tsv"), "w") as f:
        for k, a, b in rowmap:
            f.write("%s\t%s\t%s\n" % (k, a, b))
    with open(os.path.join(o, "planted.tsv"), "w") as f:
        for k, r, c in planted:
            f.write("%s\t%s\t%s\n" % (k, r, c))


if __name__ == "__main__":
    main(sys.argv)
