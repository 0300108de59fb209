"""Reusable widgets and helpers shared by the screens, as Vorta keeps ``views/partials``: input fields
and their messages, status icons, rich-text labels, coloured boxes per kind, widgets that keep their
measured size or height, and table plumbing (remembered cells, cell pictures, fitted columns, the
read-only record table). Nothing here belongs to one screen or decides a clinical result."""
