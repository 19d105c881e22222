"""Liên Lạc: a Telegram bot that keeps a party branch in touch with its members who work away."""

import os

# python-telegram-bot 22 warns that RetryAfter.retry_after becomes a timedelta in its next major
# version; opt in now (its documented switch) so the sender handles one type only.
os.environ.setdefault("PTB_TIMEDELTA", "1")
