#!/usr/bin/python3
"""demo2xls.py - render every export of the demo county (fixtures/demo) as an
xlsx workbook written by openpyxl (tests/demo2native.py's write_xlsx), for
LibreOffice to convert to Excel 97-2003 .xls in tests/t420-xls-demo.sh.

usage: /usr/bin/python3 tests/demo2xls.py DEMO_DIR OUT_DIR

Writes OUT_DIR/KIND.xlsx for the twelve kinds, plus rowmap.tsv (kind, CSV
row, sheet row or "-") and planted.tsv (kind, sheet row, code) as
demo2native.py does.  Every record sits on the sheet row equal to the CSV
line it starts on; IDs are text cells; dates valid in the CSV are date
cells, plain amounts numeric cells; dibao has a notes sheet first, its data
on sheet 低保, and one planted row whose ID is a number (DQ05); household's
yes/no columns are boolean cells; med_enroll's ="..." cell is a formula
with a cached text result.
"""
import os
import sys

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import demo2native as dn  # noqa: E402


def main(argv):
    if len(argv) != 3:
        sys.exit("usage: demo2xls.py DEMO_DIR OUT_DIR")
    d, o = argv[1], argv[2]
    rowmap, planted = [], []
    kinds = ["roster", "household", "dibao", "tekun", "relief", "death", "med_enroll",
             "med_claims", "employment", "school", "water", "survey"]
    for k in kinds:
        src = os.path.join(d, k + ".csv")
        if not os.path.exists(src):
            src += ".gz"
        opts = {}
        if k == "household":
            opts = {"bools": True}
        elif k == "dibao":
            opts = {"sheet": "低保", "notes": ["填表说明", "本表由示范县民政局从低保信息系统导出"],
                    "plant_numeric_id": "身份证号", "planted": planted}
        elif k in ("roster", "med_enroll"):
            opts = {"shared": True}
        dn.write_xlsx(src, os.path.join(o, k + ".xlsx"), k, rowmap, **opts)
    with open(os.path.join(o, "rowmap.tsv"), "w") as f:
        for k, a, b in rowmap:
            f.write("%s\t%s\t%s\n" % (k, a, b))
    with open(os.path.join(o, "planted.tsv"), "w") as f:
        for k, r, c in planted:
            f.write("%s\t%s\t%s\n" % (k, r, c))


if __name__ == "__main__":
    main(sys.argv)
