"""The I/O floor of `mchch-xl recalc` as a process of its own (``recalc.py`` times it).

It imports only what the job needs (zipfile, json, python-calamine): a floor that also
imported the benchmark's argparse, statistics or xml.sax.saxutils (which pulls in urllib,
http and email, 50 ms) would flatter every ratio measured against it.

    python benchmarks/recalc_floor.py MASTER SPEC
"""

import json
import sys
import zipfile


def esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def floor(path: str, spec_path: str) -> None:
    from python_calamine import CalamineWorkbook

    book = CalamineWorkbook.from_path(path)
    values = {t: book.get_sheet_by_name(t).to_python() for t in book.sheet_names}
    assert values
    with open(spec_path, encoding="utf-8") as f:
        spec = json.load(f)
    out = {}
    for part, sheet in spec.items():
        body = ["<sheetData>"]
        for r, attrs, cells in sheet["rows"]:
            extra = "".join(f' {k}="{v}"' for k, v in attrs.items() if k != "r")
            body.append(f'<row r="{r}"{extra}>')
            for ref, style, kind, value in cells:
                s = f' s="{style}"' if style else ""
                if value is None:
                    body.append(f'<c r="{ref}"{s}/>')
                elif kind == "str":
                    body.append(
                        f'<c r="{ref}"{s} t="inlineStr"><is><t xml:space="preserve">'
                        f"{esc(value)}</t></is></c>"
                    )
                elif kind == "formula":
                    body.append(f'<c r="{ref}"{s}><f>{esc(value)}</f></c>')
                else:
                    t = f' t="{kind}"' if kind else ""
                    body.append(f'<c r="{ref}"{s}{t}><v>{esc(value)}</v></c>')
            body.append("</row>")
        body.append("</sheetData>")
        out[part] = (sheet["head"] + "".join(body) + sheet["tail"]).encode()
    tmp = path + ".tmp"
    with zipfile.ZipFile(path) as zin, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            zout.writestr(
                info, out.get(info.filename) or zin.read(info.filename), zipfile.ZIP_DEFLATED
            )
    import os

    os.replace(tmp, path)


if __name__ == "__main__":
    floor(sys.argv[1], sys.argv[2])
