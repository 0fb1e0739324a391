#!/usr/bin/env python3
"""Writes the format fixtures of tests/unit/test_extract.c (original text, written for the
project).  Run from this folder; the outputs are committed, so the build never needs Python."""
import io
import zipfile

PARAS = ["示范市养犬管理条例（草案）征求意见稿说明",
         "为了规范养犬行为，保障公民健康和人身安全，起草本条例。",
         "第十二条\t携犬出户应当束犬链，由成年人牵领。"]

# ---- .docx: the smallest archive Word writes and reads --------------------------------------
W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
def para(text):
    runs = "".join(f'<w:r><w:t xml:space="preserve">{part}</w:t></w:r>' + ('<w:r><w:tab/></w:r>' if i + 1 < len(text.split("\t")) else '')
                   for i, part in enumerate(text.split("\t")))
    return f"<w:p>{runs}</w:p>"
document = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document {W}><w:body>'
            + "".join(para(p) for p in PARAS)
            + '<w:p><w:del><w:r><w:delText>已删除的旧文字不应被索引</w:delText></w:r></w:del>'
            + '<w:r><w:t>附则从略&amp;完</w:t></w:r></w:p>'
            + '</w:body></w:document>')
core = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>养犬管理条例草案说明</dc:title></cp:coreProperties>')
types = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
         '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
         '<Default Extension="xml" ContentType="application/xml"/>'
         '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
         '</Types>')
def write_zip(name, members):
    with zipfile.ZipFile(name, "w", zipfile.ZIP_DEFLATED) as z:
        for n, data in members:
            zi = zipfile.ZipInfo(n, date_time=(2025, 1, 1, 0, 0, 0))
            zi.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(zi, data)
write_zip("sample.docx", [("[Content_Types].xml", types), ("word/document.xml", document), ("docProps/core.xml", core)])
write_zip("broken.docx", [("[Content_Types].xml", types), ("word/other.xml", "<x/>")])
# a zip bomb in miniature: word/document.xml unpacks to 4 MB of one character
write_zip("bomb.docx", [("[Content_Types].xml", types), ("word/document.xml", f"<w:document {W}><w:body><w:p><w:r><w:t>" + "法" * 1400000 + "</w:t></w:r></w:p></w:body></w:document>")])

# ---- .pdf: one page, a CID font with a ToUnicode map (no font embedded: text only) ------------
lines = PARAS[:2] + ["第十二条 携犬出户应当束犬链。"]
chars = sorted({c for l in lines for c in l})
def hexs(s):
    return "".join(f"{ord(c):04X}" for c in s)
content = "BT /F1 14 Tf 72 770 Td " + " 0 -24 Td ".join(f"<{hexs(l)}> Tj" for l in lines) + " ET"
cmap_lines = []
for i in range(0, len(chars), 100):
    block = chars[i:i + 100]
    cmap_lines.append(f"{len(block)} beginbfchar\n" + "\n".join(f"<{ord(c):04X}> <{ord(c):04X}>" for c in block) + "\nendbfchar")
cmap = ("/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n"
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
        "/CMapName /Adobe-Identity-UCS def /CMapType 2 def\n"
        "1 begincodespacerange <0000> <FFFF> endcodespacerange\n"
        + "\n".join(cmap_lines) +
        "\nendcmap CMapName currentdict /CMap defineresource pop end end")
title = "FEFF" + "".join(f"{ord(c):04X}" for c in "养犬管理条例草案说明")
objs = [
    "<< /Type /Catalog /Pages 2 0 R >>",
    "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
    "<< /Type /Font /Subtype /Type0 /BaseFont /NpcTestSong /Encoding /Identity-H /DescendantFonts [6 0 R] /ToUnicode 7 0 R >>",
    f"<< /Length {len(content.encode())} >>\nstream\n{content}\nendstream",
    "<< /Type /Font /Subtype /CIDFontType2 /BaseFont /NpcTestSong /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /FontDescriptor 8 0 R /DW 1000 /CIDToGIDMap /Identity >>",
    f"<< /Length {len(cmap.encode())} >>\nstream\n{cmap}\nendstream",
    "<< /Type /FontDescriptor /FontName /NpcTestSong /Flags 4 /FontBBox [0 -200 1000 900] /ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 700 /StemV 80 >>",
    f"<< /Title <{title}> >>",
]
out = io.BytesIO()
out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
offsets = []
for i, o in enumerate(objs, 1):
    offsets.append(out.tell())
    out.write(f"{i} 0 obj\n{o}\nendobj\n".encode())
xref = out.tell()
out.write(f"xref\n0 {len(objs) + 1}\n0000000000 65535 f \n".encode())
for off in offsets:
    out.write(f"{off:010d} 00000 n \n".encode())
out.write(f"trailer\n<< /Size {len(objs) + 1} /Root 1 0 R /Info {len(objs)} 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode())
pdf = out.getvalue()
open("sample.pdf", "wb").write(pdf)
open("broken.pdf", "wb").write(pdf[:300])  # cut off mid-object: no xref, no trailer

# ---- .html ----------------------------------------------------------------------------------
html = """<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>示范市人大常委会 &amp; 立法动态</title>
<style>body { color: red } .x::after { content: "样式不是正文" }</style>
<script>var notText = "脚本不是正文";</script></head>
<body><h1>立法动态</h1>
<p>常委会  组织开展
养犬管理条例（草案）立法调研，&lt;征求意见&gt;至月底。</p>
<ul><li>第一项</li><li>第二项</li></ul>
<noscript>提示不是正文</noscript></body></html>
"""
open("sample.html", "w", encoding="utf-8").write(html)
gbk = """<html><head><meta http-equiv="Content-Type" content="text/html; charset=gbk">
<title>示范市政务公开</title></head><body><p>基层立法联系点收集意见建议。</p></body></html>
"""
open("sample-gbk.html", "wb").write(gbk.encode("gbk"))
open("broken.html", "wb").write(b"<html><body>\x00\x01\x02\xff\xfe binary</body></html>")
