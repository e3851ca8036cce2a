"""The single exception type of the font layer."""

from __future__ import annotations


class FontError(Exception):
    """A font is missing, unreadable or unsuitable.

    The message is one line written for the person running banmian: it names the font or
    file and says what to install or change, so callers can print it as is.
    """
