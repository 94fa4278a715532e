"""Comment shapes that Excel accepts when several sheets carry comments.

openpyxl 3.1 gives every sheet's comment drawing the same shape-id block (``<o:idmap
data="1"/>``, shapes ``_x0000_s1026``…): with comments on two sheets (an annotated copy sent back
to a district) the drawings claim one block twice, which Excel repairs on opening. Here each
comment drawing gets blocks of its own: the n-th drawing of a workbook claims blocks from
``(n - 1) * 64 + 1`` (64 blocks of 1,024 shapes: 65,536 comments per sheet), and its shapes are
numbered inside them.
"""

from __future__ import annotations

from openpyxl.comments.comment_sheet import CommentSheet
from openpyxl.comments.shape_writer import ShapeWriter
from openpyxl.xml.functions import fromstring, tostring

OFFICE = "urn:schemas-microsoft-com:office:office"
VML = "urn:schemas-microsoft-com:vml"
BLOCK, BLOCKS_PER_SHEET = 1024, 64


def _write_shapes(self: CommentSheet, vml=None) -> bytes:
    root = fromstring(ShapeWriter(self.comments).write(vml))
    first = (getattr(self, "_id", 1) - 1) * BLOCKS_PER_SHEET + 1
    shapes = root.findall(f"{{{VML}}}shape[@type='#_x0000_t202']")
    count = -(-(len(shapes) + 1) // BLOCK)  # shape 0 of a block is never used
    for idmap in root.iter(f"{{{OFFICE}}}idmap"):
        idmap.set("data", ",".join(str(first + i) for i in range(count)))
    for n, shape in enumerate(shapes, start=1):
        shape.set("id", f"_x0000_s{first * BLOCK + n}")
    return tostring(root)


def unique_comment_shape_ids() -> None:
    """Install once (``files.writer`` does on import)."""
    CommentSheet.write_shapes = _write_shapes
