"""A widget that keeps its height while one case is shown (issue 17).

The patient header and the banner area are as tall as their words need at their width. A verdict or
a STOP that comes and goes as a count crosses a threshold wraps a chip or adds a banner, and a
change of height moves the whole window below, which is then laid out and painted again on every
such edit. While one case is shown they therefore never shrink: the space is left blank instead.
Nothing is cut: the height is never below what the words need.
"""

from __future__ import annotations


class SteadyHeight:
    """Mixed into a Qt widget (before the Qt class): :meth:`held_height` gives the height to take;
    :meth:`new_case` and a new width let the widget take only what its words need, through its own
    :meth:`refit`."""

    _held = 0  # the most height this case has needed so far at this width

    def new_case(self) -> None:
        """Another case is about to be shown: the next fit takes the height its words need, no more."""
        self._held = 0

    def held_height(self, needed: int, most: int | None = None) -> int:
        """What the words need now, or the more this case has needed (at most ``most``)."""
        held = self._held if most is None else min(self._held, most)
        self._held = max(needed, held)
        return self._held

    def refit(self) -> None:
        raise NotImplementedError

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():  # the words' height follows from the width only
            self._held = 0
            self.refit()
