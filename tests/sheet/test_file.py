"""The PDF as a file: deterministic bytes, generic metadata, paper, pages, margins, atomic writing."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
from datetime import date, datetime, timedelta, timezone

import pytest

from ctit_gui import PROGRAM_NAME
from ctit_gui.core.errors import InputError
from ctit_gui.core.session import assess, read_case
from ctit_gui.sheet.export import build_sheet_bytes, export_sheet, parse_generated_at

from ..conftest import EXAMPLES
from .cases import FUJIAN, GENERATED, SITE_ROWS, SYSU, assessed
from .pdftext import page_count, reader

EXAMPLE_FILES = sorted(p for p in EXAMPLES.glob("*.json") if p.name != "EXPECTED.json")
MM = 72 / 25.4


def example(path):
    return assess(read_case(path), today=date(2026, 12, 31))


# --- determinism ----------------------------------------------------------------------------------

def test_same_case_and_time_give_byte_identical_sheets():
    first = build_sheet_bytes(assessed(SYSU, "rhtpo+hetrombopag", checks=[(7, 60, False)]), "a4", GENERATED)
    again = build_sheet_bytes(assessed(SYSU, "rhtpo+hetrombopag", checks=[(7, 60, False)]), "a4", GENERATED)
    assert first == again


def test_a_changed_dose_changes_the_bytes():
    checks = [(7, 150, False)]
    before = build_sheet_bytes(assessed(FUJIAN, checks=checks, site_rows=SITE_ROWS), "a4", GENERATED)
    rows = [dict(row) for row in SITE_ROWS]
    rows[1]["amount"] = "3"
    after = build_sheet_bytes(assessed(FUJIAN, checks=checks, site_rows=rows), "a4", GENERATED)
    assert before != after


def test_another_generation_time_changes_the_bytes():
    later = GENERATED + timedelta(minutes=1)
    assert build_sheet_bytes(assessed(SYSU), "a4", GENERATED) != build_sheet_bytes(assessed(SYSU), "a4", later)


def test_creation_date_is_the_generation_time():
    info = reader(build_sheet_bytes(assessed(SYSU), "a4", GENERATED)).metadata
    assert info["/CreationDate"] == "D:20260203080000+08'00'"


# --- metadata ----------------------------------------------------------------------------------------

def test_metadata_is_generic_and_holds_no_patient_data():
    assessment = assessed(SYSU, patient_id="PRIVATE-4711", notes="private note")
    pdf = build_sheet_bytes(assessment, "a4", GENERATED)
    info = reader(pdf).metadata
    assert info.title == "CTIT dosing sheet"
    assert info.author == PROGRAM_NAME
    assert info.creator.startswith(PROGRAM_NAME)
    values = " ".join(str(value) for value in info.values())
    for private in ("PRIVATE-4711", "private note", "SHEET", "2026-02-02", "female", "58.5"):
        assert private not in values
    assert b"PRIVATE-4711" not in pdf  # not in clear anywhere in the file (page streams are compressed)
    assert reader(pdf).xmp_metadata is None


# --- paper, pages, margins, rendering ---------------------------------------------------------------

@pytest.mark.parametrize("paper,size", [("a4", (595.28, 841.89)), ("letter", (612, 792))])
def test_paper_size(paper, size):
    box = reader(build_sheet_bytes(assessed(SYSU), paper, GENERATED)).pages[0].mediabox
    assert (round(float(box.width), 2), round(float(box.height), 2)) == size


def test_unknown_paper_is_refused():
    with pytest.raises(InputError, match="--paper"):
        build_sheet_bytes(assessed(SYSU), "a3", GENERATED)


@pytest.mark.parametrize("trial,arm", [(SYSU, "hetrombopag"), (FUJIAN, "primary"), (FUJIAN, "secondary")])
@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_a_plain_case_takes_two_pages_calendar_on_page_one_signatures_on_page_two(trial, arm, paper):
    pdf = build_sheet_bytes(assessed(trial, arm), paper, GENERATED)
    pages = reader(pdf).pages
    assert len(pages) == 2
    assert "Prescriber" in pages[1].extract_text() and "Rules" in pages[1].extract_text()
    assert "Dosing calendar" in pages[0].extract_text()


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=[p.name for p in EXAMPLE_FILES])
@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_every_example_case_takes_two_pages(path, paper):
    assert page_count(build_sheet_bytes(example(path), paper, GENERATED)) == 2


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_a_crowded_case_keeps_its_calendar_on_page_one_and_continues_its_notes(paper):
    notes = "Long ward note. " * 120
    crowded = assessed(SYSU, "rhtpo+hetrombopag", answers={}, notes=notes,
                       checks=[(7, 8, True), (10, 9, True), (14, 12, None)], today=date(2026, 3, 1))
    pdf = build_sheet_bytes(crowded, paper, GENERATED)
    assert "Dosing calendar" in reader(pdf).pages[0].extract_text()
    text = " ".join(" ".join(p.extract_text() for p in reader(pdf).pages).split())
    assert notes.strip() in text  # every word, once in full
    assert "continued on page 2" in text


def test_notes_longer_than_a_page_continue_on_the_next_page_and_are_never_cut():
    notes = "长" * 2000
    crowded = assessed(SYSU, "rhtpo+hetrombopag", answers={}, notes=notes,
                       checks=[(7, 8, True), (10, 9, True), (14, 12, None)], today=date(2026, 3, 1))
    pdf = build_sheet_bytes(crowded, "letter", GENERATED)
    assert page_count(pdf) >= 3
    text = "".join("".join(p.extract_text() for p in reader(pdf).pages).split())
    assert text.count("长") >= 2000  # the header's start plus every character in full
    assert "more characters" not in text


def _render_pages(pdf: bytes, folder, resolution: int = 30, gray: bool = False) -> list:
    tool = shutil.which("pdftoppm")
    assert tool, "pdftoppm (poppler-utils) is required: scripts/setup.sh --test installs it"
    source = folder / "sheet.pdf"
    source.write_bytes(pdf)
    result = subprocess.run([tool, "-r", str(resolution), "-gray" if gray else "-png", str(source),
                             str(folder / "page")], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    return sorted(folder.glob("page-*"))


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=[p.name for p in EXAMPLE_FILES])
def test_pdftoppm_renders_every_page_without_error(path, tmp_path):
    pdf = build_sheet_bytes(example(path), "a4", GENERATED)
    images = _render_pages(pdf, tmp_path)
    assert len(images) == page_count(pdf)
    assert all(image.stat().st_size > 1000 for image in images)


def _pgm(path):
    data = path.read_bytes()
    parts = data.split(maxsplit=4)
    assert parts[0] == b"P5"
    width, height = int(parts[1]), int(parts[2])
    return width, height, parts[4][: width * height]


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_nothing_is_printed_within_15_mm_of_the_paper_edge(paper, tmp_path):
    resolution = 36
    pdf = build_sheet_bytes(assessed(SYSU, "rhtpo+hetrombopag", checks=[(7, 60, False)]), paper, GENERATED)
    for image in _render_pages(pdf, tmp_path, resolution, gray=True):
        width, height, pixels = _pgm(image)
        edge = int(15 * resolution / 25.4) - 1
        for y in range(height):
            row = pixels[y * width:(y + 1) * width]
            if y < edge or y >= height - edge:
                assert min(row) > 250, f"ink in the top or bottom margin at row {y}"
            else:
                assert min(row[:edge]) > 250 and min(row[width - edge:]) > 250, f"ink in a side margin, row {y}"


# --- writing the file -----------------------------------------------------------------------------

def test_export_writes_the_sheet_and_returns_its_sha256(tmp_path):
    target = tmp_path / "sheet.pdf"
    digest = export_sheet(assessed(SYSU), target, paper="a4", generated_at=GENERATED)
    assert digest == hashlib.sha256(target.read_bytes()).hexdigest()
    assert target.read_bytes() == build_sheet_bytes(assessed(SYSU), "a4", GENERATED)
    assert [p.name for p in tmp_path.iterdir()] == ["sheet.pdf"]


def test_export_into_a_missing_folder_is_refused_and_writes_nothing(tmp_path):
    target = tmp_path / "missing" / "sheet.pdf"
    with pytest.raises(InputError, match="cannot be written"):
        export_sheet(assessed(SYSU), target, generated_at=GENERATED)
    assert not target.parent.exists()


def test_export_onto_a_folder_is_refused(tmp_path):
    with pytest.raises(InputError, match="is a folder"):
        export_sheet(assessed(SYSU), tmp_path, generated_at=GENERATED)


@pytest.mark.parametrize("failing", ["fsync", "replace"])
def test_a_failed_write_leaves_the_previous_file_and_no_partial_file(failing, tmp_path, monkeypatch):
    target = tmp_path / "sheet.pdf"
    target.write_bytes(b"previous sheet")

    def disk_full(*args, **kwargs):
        raise OSError(28, "No space left on device")

    from ctit_gui import outputs  # the sheet is written by the shared private writer (issue 13)

    monkeypatch.setattr(outputs.os, failing, disk_full)
    with pytest.raises(InputError) as caught:
        export_sheet(assessed(SYSU), target, generated_at=GENERATED)
    assert caught.value.messages == [f"{target}: cannot be written (No space left on device)"]
    assert target.read_bytes() == b"previous sheet"
    assert [p.name for p in tmp_path.iterdir()] == ["sheet.pdf"]


def test_written_file_is_private_whatever_the_umask(tmp_path):
    """Issue 13: the sheet holds patient data, so it is 0600 even under umask 0 (share it on purpose)."""
    target = tmp_path / "sheet.pdf"
    umask = os.umask(0)
    try:
        export_sheet(assessed(SYSU), target, generated_at=GENERATED)
    finally:
        os.umask(umask)
    assert target.stat().st_mode & 0o777 == 0o600


# --- generation time ------------------------------------------------------------------------------

def test_generated_at_defaults_to_now_with_a_time_zone():
    moment = parse_generated_at(None)
    assert moment.tzinfo is not None
    assert abs((datetime.now(timezone.utc) - moment).total_seconds()) < 60


@pytest.mark.parametrize("text,offset_hours", [("2026-02-03T08:00:00+08:00", 8), ("2026-02-03T00:00:00Z", 0),
                                               ("2026-02-03 08:00-05:00", -5)])
def test_generated_at_reads_iso_8601_with_its_offset(text, offset_hours):
    moment = parse_generated_at(text)
    assert moment.utcoffset() == timedelta(hours=offset_hours)


def test_generated_at_without_offset_is_local_time():
    assert parse_generated_at("2026-02-03T08:00:00").tzinfo is not None


@pytest.mark.parametrize("text", ["yesterday", "2026-13-01T00:00", "", "03/02/2026 08:00"])
def test_bad_generated_at_is_refused_with_a_clear_message(text):
    with pytest.raises(InputError) as caught:
        parse_generated_at(text)
    assert caught.value.messages[0].startswith("--generated-at: must be ISO 8601")
