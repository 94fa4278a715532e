"""Word documents from .docx templates, filled by docxtpl (Jinja2 fields in a real Word file).

The default templates ship in ``mchch_xl/data/documents``; a province's own (its letterhead,
its wording) are used instead where given (``--templates DIR``) or found in a folder
``แม่แบบเอกสาร`` beside the master, under the same Thai names as the documents they make.
Field values are text: docxtpl escapes them, so a typed ``<`` or ``{{`` prints as typed and
nothing a person typed runs as a template.
"""

from __future__ import annotations

import copy
import re
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

DEFAULTS = Path(__file__).resolve().parent.parent / "data" / "documents"
PROVINCE_FOLDER = "แม่แบบเอกสาร"
EMBLEM_CM = 3.0
# the emblem a province may put beside its templates (or name in the settings)
EMBLEM_NAMES = ("ตราครุฑ.png", "ตราครุฑ.jpg", "ตรา.png", "ตรา.jpg", "emblem.png", "emblem.jpg")


@dataclass(frozen=True)
class Template:
    key: str
    default: str  # file in DEFAULTS
    name: str  # the Thai name of the template and of the document it makes


TEMPLATES = (
    Template("letter", "letter.docx", "หนังสือเชิญประชุม.docx"),
    Template("agenda", "agenda.docx", "ระเบียบวาระการประชุม.docx"),
    Template("minutes", "minutes.docx", "รายงานการประชุม.docx"),
    Template("announcement", "announcement.docx", "ประกาศผลการรับรอง.docx"),
    Template("certificates", "certificate.docx", "เกียรติบัตร.docx"),
)
BY_KEY = {t.key: t for t in TEMPLATES}


def template_path(key: str, folder: Path | None) -> Path:
    """The province's template for ``key`` where its folder holds one, else the default."""
    t = BY_KEY[key]
    if folder is not None and (folder / t.name).is_file():
        return folder / t.name
    return DEFAULTS / t.default


def export_templates(folder: Path) -> list[Path]:
    """Write the default templates under their Thai names (an existing file is kept: a
    province's edited template is never overwritten)."""
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for t in TEMPLATES:
        target = folder / t.name
        if not target.exists():
            shutil.copyfile(DEFAULTS / t.default, target)
        out.append(target)
    return out


def find_emblem(folders: list[Path | None], named: str = "") -> Path | None:
    """The emblem picture: the settings' file, else one of ``EMBLEM_NAMES`` in ``folders``."""
    if named and Path(named).is_file():
        return Path(named)
    for folder in folders:
        for name in EMBLEM_NAMES if folder else ():
            if (folder / name).is_file():
                return folder / name
    return None


def _emblem_field(tpl, emblem: Path | None):
    if emblem is None:
        return ""
    from docx.shared import Cm
    from docxtpl import InlineImage

    return InlineImage(tpl, str(emblem), height=Cm(EMBLEM_CM))


def _numerals(doc, thai: bool) -> None:
    """Page numbers in the setting's numerals (Word's page-number format of each section)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    for section in doc.sections:
        sect = section._sectPr
        num = sect.find(qn("w:pgNumType"))
        if num is None:
            num = OxmlElement("w:pgNumType")
            place_in_sect(sect, num)
        num.set(qn("w:fmt"), "thaiNumbers" if thai else "decimal")


# what follows pgNumType in CT_SectPr (ISO/IEC 29500-1 17.6.17): it goes before the first of these
_AFTER_PGNUMTYPE = (
    "cols",
    "formProt",
    "vAlign",
    "noEndnote",
    "titlePg",
    "textDirection",
    "bidi",
    "rtlGutter",
    "docGrid",
    "printerSettings",
    "sectPrChange",
)


def place_in_sect(sect, element) -> None:
    """``element`` (a pgNumType) in its schema place in a section's properties: Word calls a
    file with it out of order damaged, LibreOffice ignores it."""
    insert_before_first(sect, element, _AFTER_PGNUMTYPE)


def insert_before_first(parent, element, later: tuple[str, ...]) -> None:
    """``element`` before the first child of ``parent`` named in ``later`` (w: names, the
    children the schema puts after it), else at the end: WordprocessingML's sequences are
    ordered, and python-docx adds no helper for these."""
    from docx.oxml.ns import qn

    for name in later:
        found = parent.find(qn(f"w:{name}"))
        if found is not None:
            found.addprevious(element)
            return
    parent.append(element)


def _held(value, names: tuple[str, ...]):
    """Every text of the fields with what must stay on one line held together (``thai.hold``)."""
    from mchch_xl.domain.thai import hold

    if isinstance(value, str):
        return hold(value, names)
    if isinstance(value, dict):
        return {k: _held(v, names) for k, v in value.items()}
    if isinstance(value, list):
        return [_held(v, names) for v in value]
    return value


def render(template: Path, context: dict, out: Path, emblem: Path | None = None) -> Path:
    """Fill ``template`` with ``context`` into ``out`` (written whole, then moved in place).
    ``emblem`` fills the field ``emblem`` (and each certificate's ``emblem``). Time ranges and
    digit groups get no-break spaces, identifiers a run of their own marked English; the text
    stays what an officer can edit, find and copy (no invisible joiners)."""
    from docxtpl import DocxTemplate

    tpl = DocxTemplate(str(template))
    field = _emblem_field(tpl, emblem)
    context = dict(_held(context, ()), emblem=field)
    for c in context.get("certificates", ()):
        c["emblem"] = field
    tpl.render(context, autoescape=True)
    _numerals(tpl.docx, bool(context.get("thai_digits", True)))
    latin_runs(tpl.docx.element.body)
    out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(dir=out.parent, suffix=".docx", delete=False) as f:
        tmp = Path(f.name)
    try:
        tpl.save(str(tmp))
        tmp.replace(out)
    finally:
        tmp.unlink(missing_ok=True)
    return out


_LATIN = re.compile(r"([^\s]*[A-Za-z@][^\s]*)")
# a word holding an ASCII digit (a Line ID, a phone number or a time in Arabic numerals), up to
# the ASCII spaces around it (a no-break space holds a time range together)
_ASCII_DIGITS = re.compile(r"([^ \t\n\r\f\v]*[0-9][^ \t\n\r\f\v]*)")


def latin_runs(body, words: re.Pattern = _LATIN) -> None:
    """Each word holding a Latin letter or "@" (e-mail, Line ID, a candidate id, a URL), or
    matching ``words``, in a run of its own marked English: a word processor breaks a
    Thai-language run with its Thai dictionary, which cuts such words anywhere
    ("rungnapa.neun|g@gmail.com" in LibreOffice)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    for run in list(body.iter(qn("w:r"))):
        texts = run.findall(qn("w:t"))
        if len(texts) != 1 or not texts[0].text or not words.search(texts[0].text):
            continue
        last = run
        for i, part in enumerate(words.split(texts[0].text)):
            if not part:
                continue
            new = copy.deepcopy(run)
            t = new.find(qn("w:t"))
            t.text = part
            t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
            if i % 2:
                rpr = new.find(qn("w:rPr"))
                if rpr is None:
                    rpr = OxmlElement("w:rPr")
                    new.insert(0, rpr)
                for old in rpr.findall(qn("w:lang")):
                    rpr.remove(old)
                lang = OxmlElement("w:lang")
                lang.set(qn("w:val"), "en-US")
                rpr.append(lang)  # last child of rPr: the schema's order ends with lang
            last.addnext(new)
            last = new
        run.getparent().remove(run)


def print_copy(docx: Path, out: Path, names: tuple[str, ...] = ()) -> Path:
    """The copy LibreOffice prints: the header's PAGE fields left out (LibreOffice shows Word's
    Thai page numbers as Thai letters, ก ข ค; ``packet.number_pages`` numbers the PDF), and
    identifiers, numbers and time ranges glued (``thai.glue``: LibreOffice's Thai line breaking
    would cut them), ``names`` ("อำเภอเมืองเชียงราย") made unbreakable. Words in ASCII digits
    get a run of their own marked English: in a Thai-language run LibreOffice cut the glued
    Line ID "0106" / "1701" at some widths. The Word file itself stays as filled."""
    from docx import Document
    from docx.oxml.ns import qn

    from mchch_xl.domain.thai import glue, hold

    doc = Document(str(docx))
    for section in doc.sections:
        for part in (section.header, section.first_page_header, section.even_page_header):
            if part.is_linked_to_previous:
                continue
            for p in part.paragraphs:
                if p._p.findall(qn("w:fldSimple")):
                    for child in list(p._p):
                        if child.tag != qn("w:pPr"):
                            p._p.remove(child)
    for t in doc.element.body.iter(qn("w:t")):
        if t.text:
            t.text = glue(hold(t.text, names))
    latin_runs(doc.element.body, _ASCII_DIGITS)
    doc.save(str(out))
    return out
