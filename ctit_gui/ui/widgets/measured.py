"""What Qt measured, remembered per key (issue 17): the one store behind every kept size and height."""

from __future__ import annotations


class Measured(dict):
    """Answers of a measurement per key (words, width, font, look…), at most ``limit`` + 1 of them.

    A widget asks Qt the same size again and again as an edit settles (each answer a text layout);
    the key names everything the answer depends on, so a kept answer is the one Qt would give. Full,
    the store starts again: the widths of a window being resized, or words come and gone."""

    __slots__ = ("limit",)

    def __init__(self, limit: int):
        super().__init__()
        self.limit = limit

    def get_or_measure(self, key, measure, *args):
        """The answer kept for ``key``, else ``measure(*args)``, kept."""
        value = self.get(key)
        if value is None:
            if len(self) > self.limit:
                self.clear()
            value = self[key] = measure(*args)
        return value
