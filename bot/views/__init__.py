"""Presentation for the Telegram adapter: domain objects to Vietnamese HTML text and
keyboards, through gettext. Used by the handlers (replies) and the sender (notices)."""
