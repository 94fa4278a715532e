"""Author the default Word templates of the year's documents (``mchch_xl/data/documents``).

The templates are ordinary .docx files with docxtpl (Jinja2) fields, the files a province
exports (``mchch-xl documents --export-templates DIR``), edits in Word (its own letterhead and
emblem, its wording) and gives back with ``--templates DIR``. This script is how the defaults
are written: python-docx sets the page, the styles and the fields; Word or LibreOffice breaks
the lines and paginates when the filled document is opened or printed.

Run ``python tools/build_templates.py`` after changing it; ``tests/test_documents.py`` checks
that the committed templates are what it writes.

Layout (ระเบียบสำนักนายกรัฐมนตรีว่าด้วยงานสารบรรณ and the Interior Ministry's typing guide):
A4, left 3 cm, right 2 cm, TH SarabunPSK 16 pt, the emblem 3 cm high at the top centre, each
part one line apart (6 pt before), paragraphs indented 2.5 cm, page numbers "- ๒ -" centred at
the top from the second page on.
"""

from __future__ import annotations

import datetime as dt
import re
import sys
import zipfile
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from mchch_xl.files.docx import insert_before_first, place_in_sect

FONT = "TH SarabunPSK"
SIZE = 16
OUT = Path(__file__).resolve().parent.parent / "mchch_xl" / "data" / "documents"
INDENT = Cm(2.5)  # a paragraph's first line
TEXT_WIDTH = Cm(16)  # A4 less 3 cm and 2 cm


def _fonts(rpr, size: float | None = None, bold: bool | None = None) -> None:
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), FONT)
    if bold is not None:
        for tag in ("w:b", "w:bCs"):
            el = OxmlElement(tag)
            if not bold:
                el.set(qn("w:val"), "0")
            rpr.append(el)
    if size is not None:
        for tag in ("w:sz", "w:szCs"):
            el = rpr.find(qn(tag))
            if el is None:
                el = OxmlElement(tag)
                rpr.append(el)
            el.set(qn("w:val"), str(int(size * 2)))
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), "th-TH")
    lang.set(qn("w:eastAsia"), "th-TH")
    lang.set(qn("w:bidi"), "th-TH")
    rpr.append(lang)


def new_document(landscape: bool = False, top_cm: float = 2.0, bottom_cm: float = 2.0) -> Document:
    doc = Document()
    styles = doc.styles
    # the document defaults and every style this file uses: TH SarabunPSK 16 pt, Thai
    defaults = styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    for child in list(defaults):
        defaults.remove(child)
    _fonts(defaults, SIZE)
    normal = styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(SIZE)
    _fonts(normal.element.get_or_add_rPr(), SIZE)
    pf = normal.paragraph_format
    pf.space_before = Pt(0)
    pf.space_after = Pt(0)
    pf.line_spacing_rule = WD_LINE_SPACING.SINGLE
    pf.widow_control = True
    for name in ("Header", "Footer", "Table Grid"):
        if name in [s.name for s in styles]:
            _fonts(styles[name].element.get_or_add_rPr(), SIZE)
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Cm(29.7), Cm(21)
    section.left_margin, section.right_margin = Cm(3), Cm(2)
    section.top_margin, section.bottom_margin = Cm(top_cm), Cm(bottom_cm)
    section.header_distance = Cm(1.0)
    section.footer_distance = Cm(1.0)
    # no empty paragraph before the first line
    body = doc.element.body
    for p in list(body.iterchildren(qn("w:p"))):
        body.remove(p)
    return doc


def page_numbers(doc: Document) -> None:
    """ "- ๒ -" centred at the top from the second page on: Word's PAGE field in the section's
    numerals (``pgNumType``, Thai digits; the documents step sets the setting's numerals)."""
    section = doc.sections[0]
    section.different_first_page_header_footer = True
    p = section.header.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p.add_run("- ")
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "๒"
    run.append(text)
    field.append(run)
    p._p.append(field)
    p.add_run(" -")
    num = OxmlElement("w:pgNumType")
    num.set(qn("w:fmt"), "thaiNumbers")
    place_in_sect(section._sectPr, num)


def para(
    doc_or_cell,
    text: str = "",
    *,
    align: str = "left",
    indent: bool = False,
    left_cm: float = 0,
    hanging_cm: float = 0,
    before: float = 0,
    bold: bool = False,
    size: float | None = None,
    keep_next: bool = False,
    tabs: tuple[float, ...] = (),
    at_least_cm: float = 0,
    color: str = "",
):
    p = doc_or_cell.add_paragraph()
    p.alignment = {
        "left": WD_ALIGN_PARAGRAPH.LEFT,
        "center": WD_ALIGN_PARAGRAPH.CENTER,
        "right": WD_ALIGN_PARAGRAPH.RIGHT,
    }[align]
    pf = p.paragraph_format
    if indent:
        pf.first_line_indent = INDENT
    if left_cm:
        pf.left_indent = Cm(left_cm)
    if hanging_cm:
        pf.left_indent = Cm(left_cm + hanging_cm)
        pf.first_line_indent = -Cm(hanging_cm)
    if before:
        pf.space_before = Pt(before)
    if keep_next:
        pf.keep_with_next = True
    for t in tabs:
        pf.tab_stops.add_tab_stop(Cm(t))
    if at_least_cm:
        pf.line_spacing_rule = WD_LINE_SPACING.AT_LEAST
        pf.line_spacing = Cm(at_least_cm)
    if text:
        run = p.add_run(text)
        if bold:  # w:b for Latin, w:bCs for Thai (a complex script): Thai is bold only with bCs
            run.bold = True
            run._r.get_or_add_rPr().append(OxmlElement("w:bCs"))
        if size:
            run.font.size = Pt(size)
            _fonts(run._r.get_or_add_rPr(), size)
        if color:
            run.font.color.rgb = RGBColor.from_string(color)
    return p


def tag(doc_or_cell, text: str) -> None:
    """A paragraph holding only a docxtpl block tag ({%p ... %}): docxtpl removes it."""
    doc_or_cell.add_paragraph(text)


def borderless(table) -> None:
    borders = OxmlElement("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{side}")
        el.set(qn("w:val"), "nil")
        borders.append(el)
    tblpr = table._tbl.tblPr
    insert_before_first(tblpr, borders, ("shd", "tblLayout", "tblCellMar", "tblLook"))
    margins = OxmlElement("w:tblCellMar")
    for side, twips in (("left", "0"), ("right", "170")):  # 0.3 cm between columns
        el = OxmlElement(f"w:{side}")
        el.set(qn("w:w"), twips)
        el.set(qn("w:type"), "dxa")
        margins.append(el)
    insert_before_first(tblpr, margins, ("tblLook", "tblCaption", "tblDescription"))


def table(doc, widths_cm: tuple[float, ...], rows: int, grid: bool = False):
    t = doc.add_table(rows=rows, cols=len(widths_cm))
    t.alignment = WD_TABLE_ALIGNMENT.LEFT
    t.autofit = False
    if grid:
        t.style = doc.styles["Table Grid"]
    else:
        borderless(t)
    for col, w in zip(t.columns, widths_cm):
        col.width = Cm(w)  # the table grid: what LibreOffice lays out by
    for row in t.rows:
        for cell, w in zip(row.cells, widths_cm):
            cell.width = Cm(w)
            # the cell's own first paragraph goes: callers add theirs
            cell._tc.remove(cell.paragraphs[0]._p)
    return t


def emblem(doc) -> None:
    """The emblem 3 cm high at the top centre where a picture is given; the space is kept
    otherwise (a printed letterhead or a stamp goes there)."""
    para(doc, "{{ emblem }}", align="center", at_least_cm=3.0)


def signature(doc, lines: list[str], before: float = 36) -> None:
    """The signature block from the page's centre: room to sign (``before``) above the name."""
    for i, text in enumerate(lines):
        para(doc, text, align="center", left_cm=6.0, before=before if i == 0 else 0)


# -- the documents ---------------------------------------------------------------------------------


def letter() -> Document:
    """หนังสือเชิญประชุม: every field of the seed's letter of 25 April 2568, on one A4 page."""
    doc = new_document(top_cm=1.5, bottom_cm=1.5)
    page_numbers(doc)
    # ชั้นความเร็ว at the top left, beside the emblem (not a line above it)
    top = table(doc, (5.0, 6.0, 5.0), 1)
    # ชั้นความเร็ว: red, bold, large, as the stamp it stands for
    para(top.rows[0].cells[0], "{{ urgency }}", bold=True, size=32, color="C00000")
    emblem(top.rows[0].cells[1])
    para(top.rows[0].cells[2], "")
    head = table(doc, (9.0, 7.0), 1)
    left, right = head.rows[0].cells
    para(left, "ที่ {{ letter_no }}")
    tag(right, "{%p for line in address %}")
    para(right, "{{ line }}")
    tag(right, "{%p endfor %}")
    para(doc, "{{ letter_date }}", left_cm=8.0, before=6)
    para(doc, "เรื่อง\t{{ subject }}", hanging_cm=1.25, before=6, tabs=(1.25,))
    para(doc, "เรียน\t{{ to }}", hanging_cm=1.25, before=6, tabs=(1.25,))
    tag(doc, "{%p if reference %}")
    para(doc, "อ้างถึง\t{{ reference }}", hanging_cm=1.75, before=6, tabs=(1.75,))
    tag(doc, "{%p endif %}")
    encl = table(doc, (2.75, 10.0, 3.25), 3)
    para(encl.rows[0].cells[0], "{%tr for e in enclosures %}")
    para(encl.rows[1].cells[0], "{{ e.label }}")
    para(encl.rows[1].cells[1], "{{ e.text }}")
    para(encl.rows[1].cells[2], "{{ e.count }}")
    para(encl.rows[2].cells[0], "{%tr endfor %}")
    for cell in encl.rows[1].cells:
        cell.paragraphs[0].paragraph_format.space_before = Pt(3)
    tag(doc, "{%p for text in body %}")
    para(doc, "{{ text }}", indent=True, before=6)
    tag(doc, "{%p endfor %}")
    para(doc, "{{ closing }}", align="center", left_cm=6.0, before=6)
    signature(doc, ["({{ signatory }})", "{{ signatory_position }}"], before=44)
    # ส่วนราชการเจ้าของเรื่อง and โทร at the foot
    tag(doc, "{%p for line in unit %}")
    para(doc, "{{ line }}", before=3)
    tag(doc, "{%p endfor %}")
    return doc


def stages(doc) -> None:
    """An item's stages (agenda 3.1.2), as the seed's table: a column a stage, its name above,
    what is done under it, when at the foot; nothing where an item has none."""
    tag(doc, "{%p if item.stages %}")
    # widths for the longest words at 16 pt: "ประกาศเชิดชูเกียรติ" in bold, "- ตรวจสอบ/ประเมิน"
    t = table(doc, (2.8, 2.6, 3.2, 3.6, 3.8), 3, grid=True)
    for i in range(5):
        stage = f"item.stages[{i}]"
        para(t.rows[0].cells[i], f"{{{{ {stage}.name }}}}", align="center", bold=True)
        tag(t.rows[1].cells[i], f"{{%p for task in {stage}.tasks %}}")
        para(t.rows[1].cells[i], "{{ task }}")
        tag(t.rows[1].cells[i], "{%p endfor %}")
        para(t.rows[2].cells[i], f"{{{{ {stage}.months }}}}", align="center")
    shade = OxmlElement("w:shd")  # the stages' names on a light grey, as a table's head
    shade.set(qn("w:val"), "clear")
    shade.set(qn("w:fill"), "E7E6E6")
    for cell in t.rows[0].cells:
        cell._tc.get_or_add_tcPr().append(shade.__copy__())
    for row in t.rows:  # a row never split over two pages; the names repeat on the next
        row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
    t.rows[0]._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
    tag(doc, "{%p endif %}")


def agenda_items(doc, resolution_counts: bool) -> None:
    """The agenda's items: heading, paragraphs, item 4's counts (kept together), the resolution
    (and, in the minutes, the counts the committee decided)."""
    tag(doc, "{%p for item in items %}")
    para(doc, "{{ item.heading }}", bold=True, before=12, keep_next=True)
    tag(doc, "{%p for text in item.body %}")
    para(doc, "{{ text }}", indent=True, before=6)
    tag(doc, "{%p endfor %}")
    stages(doc)
    tag(doc, "{%p for text in item.after %}")
    para(doc, "{{ text }}", indent=True, before=6)
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p for c in item.counts %}")
    para(doc, "{{ c.label }}\t{{ c.count }}", left_cm=2.5, tabs=(11.0,), keep_next=True)
    tag(doc, "{%p endfor %}")
    para(doc, "มติที่ประชุม\t{{ item.resolution }}", before=6, tabs=(2.5,), hanging_cm=2.5)
    if resolution_counts:
        tag(doc, "{%p for c in item.resolution_counts %}")
        para(doc, "{{ c.label }}\t{{ c.count }}", left_cm=2.5, tabs=(11.0,))
        tag(doc, "{%p endfor %}")
    tag(doc, "{%p endfor %}")


def agenda() -> Document:
    """ระเบียบวาระการประชุม: the items of the seed's agenda, item 4 with the counts."""
    doc = new_document()
    page_numbers(doc)
    para(doc, "ระเบียบวาระการประชุม", align="center", bold=True, size=18)
    para(doc, "{{ committee }}", align="center", bold=True)
    para(doc, "ครั้งที่ {{ meeting_no }}", align="center", bold=True)
    para(doc, "{{ meeting_day }}", align="center", bold=True)
    para(doc, "เวลา {{ agenda_time }}", align="center", bold=True)
    para(doc, "{{ venue }}", align="center", bold=True)
    para(doc, "-" * 40, align="center")
    agenda_items(doc, resolution_counts=False)
    return doc


def minutes() -> Document:
    """รายงานการประชุม (แบบที่ ๑๑ of the ระเบียบงานสารบรรณ): who came, who did not, who joined,
    the opening time, each item with its resolution, the closing time, recorder and checker."""
    doc = new_document()
    page_numbers(doc)
    para(doc, "รายงานการประชุม{{ committee }}", align="center", bold=True, size=18)
    para(doc, "ครั้งที่ {{ meeting_no }}", align="center", bold=True)
    para(doc, "{{ meeting_day }}", align="center", bold=True)
    para(doc, "{{ venue }}", align="center", bold=True)
    para(doc, "-" * 40, align="center")
    for title, key, extra in (
        ("ผู้มาประชุม", "present", "{{ m.role }}"),
        ("ผู้ไม่มาประชุม", "absent", "{{ m.reason }}"),
        ("ผู้เข้าร่วมประชุม", "attending", "{{ m.role }}"),
    ):
        para(doc, title, bold=True, before=12, keep_next=True)
        # one row a person: the number, name and position, then the role (or the reason),
        # each wrapping in its own column
        people = table(doc, (1.25, 8.75, 6.0), 3)
        para(people.rows[0].cells[0], f"{{%tr for m in {key} %}}")
        para(people.rows[1].cells[0], "{{ m.no }}.", align="right")
        people.rows[1].cells[0].paragraphs[0].paragraph_format.right_indent = Cm(0.25)
        para(people.rows[1].cells[1], "{{ m.name }}")
        para(people.rows[1].cells[2], extra)
        para(people.rows[2].cells[0], "{%tr endfor %}")
        tag(doc, f"{{%p if not {key} %}}")
        para(doc, "- ไม่มี -", left_cm=1.25)
        tag(doc, "{%p endif %}")
    para(doc, "เริ่มประชุมเวลา {{ opened }}", bold=True, before=12)
    tag(doc, "{%p if opening %}")
    para(doc, "{{ opening }}", indent=True, before=6)
    tag(doc, "{%p endif %}")
    agenda_items(doc, resolution_counts=True)
    para(doc, "เลิกประชุมเวลา {{ closed }}", bold=True, before=12)
    for role, who, pos in (
        ("ผู้จดรายงานการประชุม", "recorder", "recorder_position"),
        ("ผู้ตรวจรายงานการประชุม", "checker", "checker_position"),
    ):
        para(doc, "ลงชื่อ{{ dots }}" + role, align="center", left_cm=4.0, before=36)
        para(doc, "({{ %s }})" % who, align="center", left_cm=4.0)
        para(doc, "{{ %s }}" % pos, align="center", left_cm=4.0)
    return doc


def announcement() -> Document:
    """ประกาศจังหวัด… เรื่อง ผลการรับรองมาตรฐานการพัฒนาชุมชน: the certified units by district and
    type, ready to sign."""
    doc = new_document(top_cm=1.5)
    page_numbers(doc)
    emblem(doc)
    para(doc, "ประกาศจังหวัด{{ province }}", align="center", bold=True)
    para(doc, "เรื่อง {{ title }}", align="center", bold=True)
    para(doc, "-" * 40, align="center")
    tag(doc, "{%p for text in body %}")
    para(doc, "{{ text }}", indent=True, before=6)
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p for d in districts %}")
    para(doc, "{{ d.name }}", bold=True, before=12, keep_next=True)
    tag(doc, "{%p for k in d.kinds %}")
    para(doc, "{{ k.label }}\t{{ k.count }}", left_cm=1.0, tabs=(11.0,), keep_next=True)
    tag(doc, "{%p for u in k.units %}")
    para(doc, "{{ u }}", left_cm=2.0, hanging_cm=0.75)
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p endfor %}")
    para(doc, "{{ total }}", bold=True, before=12)
    para(doc, "{{ closing }}", indent=True, before=6)
    para(doc, "ประกาศ ณ วันที่ {{ announced }}", align="center", left_cm=3.0, before=12)
    signature(doc, ["({{ signatory }})", "{{ signatory_position }}"], before=48)
    return doc


def certificate() -> Document:
    """เกียรติบัตร: one landscape A4 page per certified unit, in a border, with its number."""
    doc = new_document(landscape=True, top_cm=1.5)
    section = doc.sections[0]
    section.left_margin = section.right_margin = Cm(2.5)
    section.bottom_margin = Cm(1.5)
    borders = OxmlElement("w:pgBorders")
    borders.set(qn("w:offsetFrom"), "page")
    for side in ("top", "left", "bottom", "right"):
        el = OxmlElement(f"w:{side}")
        el.set(qn("w:val"), "double")
        el.set(qn("w:sz"), "18")
        el.set(qn("w:space"), "24")
        el.set(qn("w:color"), "8B6914")
        borders.append(el)
    # pgBorders comes after pgMar in CT_SectPr
    section._sectPr.find(qn("w:pgMar")).addnext(borders)
    tag(doc, "{%p for c in certificates %}")
    tag(doc, "{%p if not loop.first %}")
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    tag(doc, "{%p endif %}")
    para(doc, "เลขที่ {{ c.number }}", align="right")
    para(doc, "{{ c.emblem }}", align="center", at_least_cm=3.0)
    para(doc, "{{ c.issuer }}", align="center", bold=True, size=28)
    para(doc, "ขอมอบเกียรติบัตรฉบับนี้ไว้เพื่อแสดงว่า", align="center", size=20, before=6)
    para(doc, "{{ c.name }}", align="center", bold=True, size=32, before=6)
    para(doc, "{{ c.what }}", align="center", size=20, before=6)
    para(doc, "{{ c.standard }}", align="center", size=20)
    para(doc, "ขอให้มีความสุข ความเจริญ และเป็นแบบอย่างที่ดีในการพัฒนาชุมชนสืบไป", align="center", size=20)
    para(doc, "ให้ไว้ ณ วันที่ {{ c.date }}", align="center", size=20, before=6)
    para(doc, "({{ c.signatory }})", align="center", size=20, before=90)
    para(doc, "{{ c.signatory_position }}", align="center", size=20)
    tag(doc, "{%p endfor %}")
    return doc


TEMPLATES = {
    "letter.docx": letter,
    "agenda.docx": agenda,
    "minutes.docx": minutes,
    "announcement.docx": announcement,
    "certificate.docx": certificate,
}


_RFONTS = re.compile(r"<w:rFonts\b[^>]*/>")


# parts of python-docx's default template a document does not need and the schemas do not
# know: Word 2010's duplicate style table, a sample custom-XML item, a thumbnail picture
_DROP = ("word/stylesWithEffects.xml", "customXml/", "docProps/thumbnail.jpeg")


def _clean_package(path: Path) -> None:
    """Every font the file names is TH SarabunPSK (python-docx's default template carries styles
    and list bullets in Calibri, Cambria, Courier and Symbol, by name or by theme); the parts
    of ``_DROP`` go, with their relationships and content types; the zoom gets the percent the
    schema requires."""
    fonts = f'<w:rFonts w:ascii="{FONT}" w:hAnsi="{FONT}" w:cs="{FONT}" w:eastAsia="{FONT}"/>'
    with zipfile.ZipFile(path) as z:
        infos = [i for i in z.infolist() if not i.filename.startswith(_DROP)]
        parts = {i.filename: z.read(i.filename) for i in infos}
    for n, data in parts.items():
        text = data.decode("utf-8") if n.endswith((".xml", ".rels")) else None
        if text is None:
            continue
        if n.startswith("word/") and n.endswith(".xml") and "theme" not in n:
            text = _RFONTS.sub(fonts, text)
        if n.endswith(".rels") or n == "[Content_Types].xml":
            text = re.sub(
                r"<(Relationship|Override)\b[^>]*(stylesWithEffects|customXml|thumbnail)[^>]*/>",
                "",
                text,
            )
        if n == "word/settings.xml":
            text = re.sub(r'<w:zoom w:val="(\w+)"/>', r'<w:zoom w:val="\1" w:percent="100"/>', text)
        parts[n] = text.encode("utf-8")
    tmp = path.with_suffix(".tmp")
    with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as z:
        for info in infos:
            info.date_time = (1980, 1, 1, 0, 0, 0)  # the same bytes on every build
            z.writestr(info, parts[info.filename])
    tmp.replace(path)


def build(folder: Path = OUT) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for name, make in TEMPLATES.items():
        doc = make()
        doc.core_properties.author = "mchch-xl"
        doc.core_properties.created = doc.core_properties.modified = dt.datetime(2026, 1, 1)
        doc.core_properties.last_modified_by = "mchch-xl"
        doc.core_properties.revision = 1
        doc.core_properties.title = name
        path = folder / name
        doc.save(path)
        _clean_package(path)
        out.append(path)
    return out


if __name__ == "__main__":
    for path in build(Path(sys.argv[1]) if len(sys.argv) > 1 else OUT):
        print(path)
