#!/usr/bin/env python3
"""Writes the format fixtures of tests/unit/test_extract.c and the sample corpus's .docx, .pdf,
.html and GBK reports (original text, written for the project).  Run from this folder; the
outputs are committed, so the build never needs Python."""
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
def document_xml(paras, tail=""):
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document {W}><w:body>'
            + "".join(para(p) for p in paras) + tail + '</w:body></w:document>')
def core_xml(title):
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
            f'xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>{title}</dc:title></cp:coreProperties>')
document = document_xml(PARAS, '<w:p><w:del><w:r><w:delText>已删除的旧文字不应被索引</w:delText></w:r></w:del>'
                        + '<w:r><w:t>附则从略&amp;完</w:t></w:r></w:p>')
core = core_xml("养犬管理条例草案说明")
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
def make_pdf(lines, title_text, size=14):
    # one line of text per line: keep size * the longest line under the page's 523 pt
    chars = sorted({c for l in lines for c in l})
    def hexs(s):
        return "".join(f"{ord(c):04X}" for c in s)
    content = f"BT /F1 {size} Tf 72 770 Td " + f" 0 -{size + 10} Td ".join(f"<{hexs(l)}> Tj" for l in lines) + " ET"
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
    title = "FEFF" + "".join(f"{ord(c):04X}" for c in title_text)
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
    return out.getvalue()
pdf = make_pdf(PARAS[:2] + ["第十二条 携犬出户应当束犬链。"], "养犬管理条例草案说明")
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

# ---- the sample corpus's office documents (corpus/reports/, fictional, written for npcsearch) --
CORPUS = "../../../corpus/reports/"
DRAFT = ["关于《示范市养犬管理条例（草案）》的起草说明",
         "示范市人大常委会法制工作委员会",
         "一、起草的必要性",
         "近年来，全市登记犬只数量逐年增加，犬只伤人、扰民和环境卫生问题时有发生，群众反映较多。",
         "二、起草过程",
         "法制工作委员会通过基层立法联系点征求意见，依照《示范市基层立法联系点工作条例》第十五条的规定，将采纳情况向联系点反馈。",
         "三、主要内容",
         "（一）关于犬只登记。草案规定犬只实行免疫、登记制度，登记证件可以电子化。",
         "（二）关于文明养犬。草案规定携犬出户应当束犬链，电梯、楼道等公共区域应当收紧牵引绳。",
         "（三）关于法律责任。草案对违反规定的行为设定了罚款，并与信用记录衔接。"]
write_zip(CORPUS + "2025-示范市养犬管理条例（草案）起草说明.docx",
          [("[Content_Types].xml", types), ("word/document.xml", document_xml(DRAFT)),
           ("docProps/core.xml", core_xml(DRAFT[0]))])
CHECK = ["示范市人大常委会执法检查组关于电动自行车停放充电管理规定实施情况的报告",
         "一、基本情况",
         "检查组走访了十二个住宅小区，集中充电设施覆盖率达到百分之七十。",
         "二、存在的问题",
         "部分小区仍有飞线充电，物业服务人未依照《示范市电动自行车停放充电管理规定》第八条及时劝阻。",
         "三、意见建议",
         "建议物业服务企业加强巡查，街道联系点持续收集居民意见。"]
open(CORPUS + "2025-示范市电动自行车停放充电管理规定执法检查报告.pdf", "wb").write(make_pdf(CHECK, CHECK[0], size=11))
news = """<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>示范市人大常委会立法动态（第三期）</title>
<script>var counter = "访问统计脚本";</script></head>
<body><nav>首页 | 立法动态 | 联系我们</nav>
<h1>示范市人大常委会立法动态（第三期）</h1>
<p>一、物业管理条例（修订草案）完成二审。常委会第二十次会议对草案进行了第二次审议，
重点修改了业主大会筹备和维修资金使用的规定。</p>
<p>二、养犬管理条例（草案）公开征求意见。截至月底，共收到意见建议一百零三条，其中基层立法联系点报送四十一条。</p>
</body></html>
"""
open(CORPUS + "2025-示范市人大常委会立法动态第三期.html", "w", encoding="utf-8").write(news)
points = """示范市南岭区人大常委会2023年工作要点

一、围绕中心工作依法履职
听取和审议区人民政府关于老旧小区改造情况的报告，开展河道保洁专项视察。

二、加强基层立法联系点建设
在南岭街道设立基层立法联系点，组织居民代表对养老服务条例草案提出意见建议。

三、密切联系人大代表
组织代表进站接待选民，每季度不少于一次。
"""
open(CORPUS + "2023-示范市南岭区人大常委会工作要点-GBK.txt", "wb").write(points.encode("gbk"))
