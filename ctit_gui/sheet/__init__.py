"""The printable PDF dosing sheet (reportlab), imported only when a sheet is exported.

Entry points live in :mod:`ctit_gui.sheet.export`: ``export_sheet``, ``build_sheet_bytes``
and ``parse_generated_at``. Nothing here is imported by the core.
"""
