"""The sheet font cut down to the program's own characters, so a process's first sheet need not parse 5 MB.

reportlab reads the whole WenQuanYi collection (~21,000 glyphs per face) before the first
sheet of a process can be laid out: ~155 ms, most of a ``main.py sheet`` run. The sheet's
fixed words, the Chinese catalogue, the protocol files and their translations use a few
thousand characters; this module writes a TrueType font with just those glyphs, copied
unchanged from the full font, under ``resources/fonts/`` (``python -m ctit_gui.sheet.subset_font``;
``scripts/setup.sh`` and the bundle build run it).

The subset keeps every table reportlab copies into a PDF (name, OS/2, cvt, fpgm, prep, head,
hhea, maxp, post's metrics) and the glyph outlines and advance widths as they are, so a sheet
laid out and embedded from the subset is byte for byte the sheet made from the full font
(tests/sheet/test_subset_font.py checks it). :mod:`.fonts` loads the full font as soon as a
string needs a character outside the subset (a rare character in a patient id or the notes).

Reproducible: the same font and the same source files give the same bytes.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from struct import pack, unpack

from ..resources import app_root, resource_path

SUBSET_FILE = ("fonts", "wqy-microhei-ctit-subset.ttf")
#: The full font is face 0 of a collection: reportlab names its PDF font "...-0"; the subset's face says the same.
SUBFONT_NAME = b"-0"
#: Characters always in the subset: ASCII, Latin-1, general punctuation, arrows and maths signs, CJK
#: punctuation, full-width forms (what a typed note or id most often adds to the program's own words).
RANGES = ((0x20, 0x7E), (0xA0, 0xFF), (0x2010, 0x205E), (0x2070, 0x209F), (0x2100, 0x215F), (0x2190, 0x21FF),
          (0x2200, 0x22FF), (0x2460, 0x24FF), (0x3000, 0x303F), (0xFF00, 0xFFEF))
#: Text files whose characters the sheet may print: the code's words, catalogues, protocols, site files.
SOURCES = (("ctit_gui", "*.py"), ("resources", "*.po"), ("resources", "*.json"), ("resources", "*.txt"))


def subset_path() -> Path:
    return resource_path(*SUBSET_FILE)


def program_characters(root: Path | None = None) -> set[int]:
    """Code points of every character in the program's own text files, and the fixed ranges."""
    root = root or app_root()
    codes = {code for low, high in RANGES for code in range(low, high + 1)}
    for folder, pattern in SOURCES:
        for path in sorted((root / folder).rglob(pattern)):
            codes.update(ord(ch) for ch in path.read_text(encoding="utf-8", errors="ignore") if ord(ch) >= 0x20)
    return codes


def build_subset(face, codes: set[int]) -> bytes:
    """A TrueType font with the glyphs of ``codes`` that ``face`` (a reportlab TTFontFile) has, and a Unicode cmap.

    reportlab's own subsetter does the copying (composite glyphs, metrics, the tables a PDF embeds);
    its cmap (subset positions, for a PDF) is replaced by a format 12 Unicode cmap.
    """
    from reportlab.pdfbase.ttfonts import TTFontMaker, TTFontParser

    # control codes the font maps (U+0000: reportlab's reserved subset slot) as the full font does; NBSP: the space's
    codes = set(codes) | {code for code in face.charToGlyph if code < 0x20}
    present = sorted(code for code in codes if code in face.charToGlyph and code != 0xA0)
    data = face.makeSubset(present)
    new_glyph: dict[int, int] = {0: 0}  # makeSubset's numbering: old glyph -> new, in order of first use
    code_to_glyph: dict[int, int] = {}
    for code in present:
        old = face.charToGlyph[code]
        new_glyph.setdefault(old, len(new_glyph))
        code_to_glyph[code] = new_glyph[old]
    groups = [(code, code, glyph) for code, glyph in sorted(code_to_glyph.items())]
    table = pack(">HHL", 12, 0, 16 + 12 * len(groups)) + pack(">LL", 0, len(groups))
    table += b"".join(pack(">LLL", *group) for group in groups)
    cmap = pack(">HHHHL", 0, 1, 3, 10, 12) + table

    parser = TTFontParser(_Bytes(data))
    tables = {tag: parser.get_table(tag) for tag in sorted(parser.table)}
    tables["cmap"] = cmap
    # Every glyph with its own advance width: reportlab's reader gives glyphs after the last full metric
    # a width already scaled to 1/1000 em (not font units), which would change the embedded font's widths.
    glyphs = unpack(">H", tables["maxp"][4:6])[0]
    full = unpack(">H", tables["hhea"][34:36])[0]
    hmtx = tables["hmtx"]
    pairs = [unpack(">Hh", hmtx[4 * n:4 * n + 4]) for n in range(full)]
    pairs += [(pairs[-1][0], unpack(">h", hmtx[4 * full + 2 * n:4 * full + 2 * n + 2])[0]) for n in range(glyphs - full)]
    tables["hmtx"] = b"".join(pack(">Hh", *pair) for pair in pairs)
    tables["hhea"] = tables["hhea"][:34] + pack(">H", glyphs) + tables["hhea"][36:]
    maker = TTFontMaker()
    for tag, table in tables.items():
        maker.add(tag, table)
    return maker.makeStream()


class _Bytes:
    """A file-like wrapper reportlab's parser accepts for font data held in memory."""

    def __init__(self, data: bytes):
        self.data, self.name = data, "<subset>"

    def read(self) -> bytes:
        return self.data


def write_subset(target: Path | None = None, root: Path | None = None) -> tuple[Path, int, int]:
    """Write the subset font (atomically); returns (path, glyph count, bytes)."""
    from reportlab.pdfbase.ttfonts import TTFontFile

    from .fonts import FONT_SUBFONT, font_path

    target = target or subset_path()
    face = TTFontFile(str(font_path()), subfontIndex=FONT_SUBFONT)
    data = build_subset(face, program_characters(root))
    partial = target.with_name(target.name + ".partial")
    partial.write_bytes(data)
    os.replace(partial, target)
    glyphs = len(TTFontFile(str(target)).charToGlyph)
    return target, glyphs, len(data)


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    path, glyphs, size = write_subset(Path(args[0]) if args else None)
    print(f"sheet font subset: {path} ({glyphs} characters, {size // 1024} KiB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
