"""Dialogs over the case screen: lab results import (the window's side, and the preview dialog it loads
only when a file is imported) and sign-in to the case store."""
