"""The ward screens and the window's side of the case store: the Today worklist (the page and its
actions), the case list, a case's history and the sheet lookup, what the window says when someone else
saved first, and the window's link to the store (the Cases menu, autosave and conflicts, live refresh
from the PostgreSQL ward store)."""
