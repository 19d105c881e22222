"""Marking texts for translation without translating them here.

The core chooses *which* message a user sees; the adapter translates it through gettext when it
renders. ``N_`` only marks a literal so that Babel's extractor finds it.
"""


def N_(msgid: str) -> str:
    """Mark ``msgid`` for extraction; return it unchanged."""
    return msgid
