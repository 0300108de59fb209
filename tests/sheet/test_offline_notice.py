"""Issue 14: a sheet exported while the ward store's server is away says so on page 1; otherwise it does not."""

from __future__ import annotations

from datetime import datetime, timezone

from ctit_gui.sheet.export import build_sheet_bytes

from .cases import GENERATED, assessed
from .pdftext import reader

OFFLINE = "offline since"
NOT_SHOWN = "other workstations' changes not shown"


def _pages(pdf: bytes) -> list[str]:
    return [" ".join(page.extract_text().split()) for page in reader(pdf).pages]


def test_sheet_exported_while_offline_says_so_on_page_1():
    since = datetime(2026, 2, 3, 0, 5, tzinfo=timezone.utc)
    pdf = build_sheet_bytes(assessed(), generated_at=GENERATED, offline_since=since)
    pages = _pages(pdf)
    expected = f"Ward store offline since {since.astimezone():%H:%M} — {NOT_SHOWN}"
    assert expected in pages[0]
    assert all(OFFLINE not in page for page in pages[1:])
    # the same inputs give the same bytes
    assert build_sheet_bytes(assessed(), generated_at=GENERATED, offline_since=since) == pdf


def test_sheet_without_offline_has_no_such_line():
    pdf = build_sheet_bytes(assessed(), generated_at=GENERATED)
    text = " ".join(_pages(pdf))
    assert OFFLINE not in text and NOT_SHOWN not in text
    assert build_sheet_bytes(assessed(), generated_at=GENERATED, offline_since=None) == pdf


def test_offline_line_is_in_chinese_on_a_chinese_sheet():
    since = datetime(2026, 2, 3, 0, 5, tzinfo=timezone.utc)
    pdf = build_sheet_bytes(assessed(), generated_at=GENERATED, offline_since=since, language="zh_CN")
    first = _pages(pdf)[0].replace(" ", "")
    assert f"{since.astimezone():%H:%M}起离线" in first and OFFLINE not in first
