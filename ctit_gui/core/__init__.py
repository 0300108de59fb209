"""The pure clinical core: no Qt, no reportlab. Every rule the program applies lives here."""
