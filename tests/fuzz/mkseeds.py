#!/usr/bin/python3
"""mkseeds.py - (re)write the seed corpora tests/fuzz/corpus/<harness>/.

Run from the top of the tree after `make` (the record-stream seeds are
`dz ingest` output):  python3 tests/fuzz/mkseeds.py
Seeds are small (a few KB): the first rows of the demo county's exports
(fixtures/demo), re-encoded (GB18030, UTF-8 BOM, UTF-16, gzip), the XML
shapes of tests/t401, xlsx workbooks written here with zipfile (stored,
so mutations reach the XML) and by openpyxl, the demo county.ini, and
hand-written ID cells for every branch of idcard.h.  Deterministic.
"""
import gzip, io, os, shutil, subprocess, sys, zipfile

TOP = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..'))
DEMO = os.path.join(TOP, 'fixtures', 'demo')
OUT = os.path.join(TOP, 'tests', 'fuzz', 'corpus')


def put(h, name, data):
    d = os.path.join(OUT, h)
    os.makedirs(d, exist_ok=True)
    if isinstance(data, str):
        data = data.encode()
    with open(os.path.join(d, name), 'wb') as f:
        f.write(data)


def head(name, n):
    with open(os.path.join(DEMO, name), 'rb') as f:
        return b''.join(f.readline() for _ in range(n))


def gz(data):
    b = io.BytesIO()
    with gzip.GzipFile(fileobj=b, mode='wb', mtime=0) as g:
        g.write(data)
    return b.getvalue()


for h in ('idcard', 'csv', 'xml', 'xlsx', 'xls', 'ini', 'recstream'):
    shutil.rmtree(os.path.join(OUT, h), ignore_errors=True)

# idcard: one cell per file
ids = {
    'plain': '41052219900101123X', 'lower-x': '41052219900101123x',
    'check-wrong': '410522199001011234', 'bad-date': '410522199002301235',
    'future': '410522203001011230', 'old': '410522189912311233',
    'fifteen': '410522900101123', 'disabled20': '41052219900101123X11',
    'disabled22': '41052219900101123X1121', 'placeholder': '999999999999999999',
    'scientific': '4.10522E+17', 'excel-text': '="41052219900101123X"',
    'quote': "'41052219900101123X", 'tab': '\t41052219900101123X',
    'spaces': ' 4105 2219 9001 0112 3X ', 'fullwidth': '４１０５２２１９９００１０１１２３Ｘ',
    'ideographic-space': '\u300041052219900101123X\u3000', 'nbsp': '\u00a041052219900101123X',
    'empty': '', 'letters': '4105221990010112XX', 'long': '4' * 40,
}
for k, v in ids.items():
    put('idcard', k, v)

# csv: options byte (csv.c) + file
demo_csv = ['roster.csv', 'household.csv', 'dibao.csv', 'tekun.csv', 'relief.csv', 'death.csv',
            'med_enroll.csv', 'employment.csv', 'school.csv', 'water.csv', 'survey.csv']
for name in demo_csv:
    put('csv', name.replace('.csv', ''), b'\0' + head(name, 6))
r = head('roster.csv', 5)
put('csv', 'roster-gb18030', b'\0' + r.decode().encode('gb18030'))
put('csv', 'roster-gb18030-forced', b'\4' + r.decode().encode('gb18030'))
put('csv', 'roster-bom', b'\0' + b'\xef\xbb\xbf' + r)
put('csv', 'roster-utf16le-bom', b'\0' + b'\xff\xfe' + r.decode().encode('utf-16-le'))
put('csv', 'roster-utf16be', b'\0' + r.decode()[:200].encode('utf-16-be'))
put('csv', 'roster-gzip', b'\0' + gz(r))
put('csv', 'roster-chunk3', b'\x08' + r)
put('csv', 'roster-chunk61-limit', b'\x30' + r)
put('csv', 'ascii-as-utf16le', b'\6' + b'a,b,c\r\n1,22,333\r\n')
put('csv', 'gbk-forced', b'\7' + '证件号码,姓名\n41052219900101123X,朱镕基\n'.encode('gbk'))
put('csv', 'quoted', b'\0' + '证件号码,姓名,备注\n"41052219900101123X","朱""镕基","两\n行"\n,,\n"未闭合,x\n'.encode())
put('csv', 'semicolon-crlf', b'\0' + '证件号码;姓名\r\n41052219900101123X;张三\r\n'.encode())
put('csv', 'tab', b'\0' + '证件号码\t姓名\n41052219900101123X\t张三\n'.encode())
put('csv', 'bad-utf8', b'\0' + '证件号码,姓名\n41052219900101123X,'.encode() + b'\xe5\xbc\x0a')

# xml (the shapes of tests/t401)
child = '''<?xml version="1.0" encoding="UTF-8"?>
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
'''
attr = '''<?xml version="1.0" encoding="UTF-8"?>
<DATA>
<ROW 证件号码="41052219900101123X" 姓名="朱镕基" 保障状态="正常" 月保障金="560.00"/>
<ROW 证件号码="410522199001011234" 姓名="张 三" 保障状态="" 月保障金=""/>
</DATA>
'''
put('xml', 'child', child)
put('xml', 'attr', attr)
put('xml', 'gbk', child.replace('UTF-8', 'GBK').encode('gbk'))
put('xml', 'gb2312', child.replace('UTF-8', 'gb2312').encode('gbk'))
put('xml', 'undeclared-gb18030', child.split('\n', 1)[1].encode('gb18030'))
put('xml', 'gzip', gz(attr.encode()))
put('xml', 'bom', b'\xef\xbb\xbf' + attr.encode())
put('xml', 'delphi', '<?xml version="1.0" standalone="yes"?><DATAPACKET Version="2.0"><METADATA>'
    '<FIELDS><FIELD attrname="SFZH" fieldtype="string" WIDTH="18"/></FIELDS></METADATA><ROWDATA>'
    '<ROW SFZH="41052219900101123X" XM="朱镕基"/><ROW SFZH="410522199001011234" XM="张三"/>'
    '</ROWDATA></DATAPACKET>')
put('xml', 'nested', '<root><list><item><a><b>1</b><c>2</c></a><d/></item>'
    '<item><a><b>3</b></a><d>4</d></item></list></root>')
put('xml', 'entity', '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY e "x">]><r><i><a>&e;</a></i><i/></r>')
put('xml', 'cdata-comment', '<r><!-- c --><i><a><![CDATA[41052219900101123X]]></a><?pi x?></i>'
    '<i><a>&lt;&#x4E00;&amp;</a></i></r>')
put('xml', 'truncated', attr[:150])

# xlsx: a minimal workbook by hand (stored members), plus openpyxl's
def xlsx(cells, shared, compress, extra_sheet=''):
    ct = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
          '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
          '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
          '<Default Extension="xml" ContentType="application/xml"/>'
          '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
          '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
          '</Types>')
    rels = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>')
    wb = ('<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
          'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
          '<workbookPr date1904="0"/><sheets><sheet name="名单" sheetId="1" r:id="rId1"/></sheets></workbook>')
    wbrels = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
              '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
              '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>'
              '<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>'
              '</Relationships>')
    sst = ('<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="%d" uniqueCount="%d">'
           % (len(shared), len(shared)) + ''.join('<si><t>%s</t></si>' % s for s in shared) + '</sst>')
    styles = ('<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
              '<numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy\\-mm\\-dd"/></numFmts>'
              '<cellXfs count="3"><xf numFmtId="0"/><xf numFmtId="164" applyNumberFormat="1"/><xf numFmtId="14"/></cellXfs></styleSheet>')
    sheet = ('<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
             '<dimension ref="A1:D3"/><sheetData>' + cells + '</sheetData>' + extra_sheet + '</worksheet>')
    b = io.BytesIO()
    with zipfile.ZipFile(b, 'w', compress) as z:
        for n, t in (('[Content_Types].xml', ct), ('_rels/.rels', rels), ('xl/workbook.xml', wb),
                     ('xl/_rels/workbook.xml.rels', wbrels), ('xl/sharedStrings.xml', sst),
                     ('xl/styles.xml', styles), ('xl/worksheets/sheet1.xml', sheet)):
            zi = zipfile.ZipInfo(n, (2026, 1, 1, 0, 0, 0))
            zi.compress_type = compress
            z.writestr(zi, t)
    return b.getvalue()

shared = ['证件号码', '姓名', '识别监测时间', '人均纯收入（元）', '朱镕基', '张 三']
cells = ('<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c><c r="D1" t="s"><v>3</v></c></row>'
         '<row r="2"><c r="A2" t="inlineStr"><is><t>41052219900101123X</t></is></c><c r="B2" t="s"><v>4</v></c>'
         '<c r="C2" s="1"><v>45292</v></c><c r="D2"><v>8100.5</v></c></row>'
         '<row r="4"><c r="A4"><v>4.10522199001011E+17</v></c><c r="B4" t="s"><v>5</v></c><c r="C4" t="str"><v>2024-01-02</v></c>'
         '<c r="D4" t="b"><v>1</v></c><c r="F4" t="e"><v>#N/A</v></c></row>')
put('xlsx', 'stored', xlsx(cells, shared, zipfile.ZIP_STORED))
put('xlsx', 'deflated', xlsx(cells, shared, zipfile.ZIP_DEFLATED, '<mergeCells count="1"><mergeCell ref="A1:B1"/></mergeCells>'))
put('xlsx', 'rich-text', xlsx('<row><c t="s"><v>0</v></c><c t="s"><v>1</v></c></row>',
                              ['<r><t>证件</t></r><r><rPr/><t>号码</t></r>', '姓名'], zipfile.ZIP_STORED))
try:
    import openpyxl
    wbk = openpyxl.Workbook()
    ws = wbk.active
    ws.title = '低保'
    rows = [l.split(',') for l in head('dibao.csv', 4).decode('gb18030').splitlines()]
    for row in rows:
        ws.append(row)
    wbk.properties.created = wbk.properties.modified = __import__('datetime').datetime(2026, 1, 1)
    b = io.BytesIO()
    wbk.save(b)
    # rewrite with fixed timestamps so the seed is deterministic
    zin = zipfile.ZipFile(io.BytesIO(b.getvalue()))
    o = io.BytesIO()
    with zipfile.ZipFile(o, 'w', zipfile.ZIP_DEFLATED) as z:
        for it in zin.infolist():
            if it.filename.endswith('theme1.xml'):
                continue   # 7 KB dz never reads; keeps the seed small
            zi = zipfile.ZipInfo(it.filename, (2026, 1, 1, 0, 0, 0))
            zi.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(zi, zin.read(it.filename))
    put('xlsx', 'openpyxl', o.getvalue())
except ImportError:
    print('mkseeds: no openpyxl; xlsx/openpyxl seed skipped', file=sys.stderr)

# xls: written by LibreOffice (headless) from a CSV and from an openpyxl
# workbook with a hidden first sheet, a formula, a boolean and a date
def soffice_xls(name, src, suffix, infilter=None):
    import tempfile
    with tempfile.TemporaryDirectory() as t:
        p = os.path.join(t, 'in' + suffix)
        with open(p, 'wb') as f:
            f.write(src)
        cmd = ['soffice', '--headless', '-env:UserInstallation=file://' + t + '/profile']
        if infilter:
            cmd.append('--infilter=' + infilter)
        subprocess.run(cmd + ['--convert-to', 'xls', '--outdir', t, p], capture_output=True, timeout=300)
        with open(os.path.join(t, 'in.xls'), 'rb') as f:
            put('xls', name, f.read())

if shutil.which('soffice'):
    soffice_xls('roster', head('roster.csv', 5), '.csv', 'CSV:44,34,76,1')
    try:
        import datetime, openpyxl
        wbk = openpyxl.Workbook()
        hid = wbk.active
        hid.title = '说明'
        hid.append(['隐藏的说明页'])
        hid.sheet_state = 'hidden'
        ws = wbk.create_sheet('低保')
        ws.append(['证件号码', '姓名', '批准日期', '月保障金', '是否'])
        ws.append(['="41052219900101123X"', '朱镕基', datetime.date(2024, 1, 2), 560.5, True])
        ws.append([410522199001011234, '张 三', '2024-02-30', '=1/0', False])
        b = io.BytesIO()
        wbk.save(b)
        soffice_xls('hidden-formula', b.getvalue(), '.xlsx')
    except ImportError:
        print('mkseeds: no openpyxl; xls/hidden-formula seed skipped', file=sys.stderr)
else:
    print('mkseeds: no soffice; xls seeds skipped', file=sys.stderr)

# ini
with open(os.path.join(DEMO, 'county.ini'), 'rb') as f:
    ini = f.read()
put('ini', 'demo-county', ini)
put('ini', 'demo-county-gb18030', ini.decode().encode('gb18030'))
put('ini', 'bom-crlf', b'\xef\xbb\xbf' + ini.replace(b'\n', b'\r\n'))
put('ini', 'aliases', '[run]\nperiod = 2026-10\nincome_line = 7800.50\nchecks = LJ01,LJ03\n'
    'min_clear_months = 6\nmax_reject_pct = 2.5\n[source 名单]\nkind = roster\nfile = /dev/null\n'
    'header_row = 3\nencoding = GB18030\nalias.id = 身份证号, 公民身份号码\n  证件号\n'
    'alias.name = 户主姓名\n[source 低保]\nkind = dibao\nfile = -\nsheet = Sheet1\nrecord = ROW\n'
    '[townships]\n柳河 = 柳河镇\n')
put('ini', 'errors', '[run]\nperiod = 2026-13\nperiod = 2026-10\nunknown = 1\n[source x]\nkind = nope\n')

# recstream: dz ingest output, cut to 5 records (the #end account made to
# match) and two whole small streams
dz = os.path.join(TOP, 'build', 'dz')
for name in demo_csv + ['med_claims.csv.gz']:
    kind = name.split('.')[0]
    p = subprocess.run([dz, 'ingest', '-q', '-k', kind, '-p', '2026-10', os.path.join(DEMO, name)],
                       capture_output=True)
    if kind in ('death', 'water'):
        put('recstream', kind + '-whole', p.stdout)
    lines = p.stdout.split(b'\n')
    put('recstream', kind, b'\n'.join(lines[:7] + [b'#end\tread=5\tused=5\trejected=0']) + b'\n')
