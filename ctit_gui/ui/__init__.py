"""The PySide6 window over the clinical core; nothing here decides a clinical result."""
