"""Presentation for every channel: domain objects to Vietnamese text in our markup
(``markup``), with choices and keyboards as data (``choices``, ``actions``), through gettext.
Used by the handlers (replies) and the sender (notices); each channel renders the result."""
