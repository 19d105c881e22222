"""The core: members, check-ins, dues, reviews and digests as plain Python.

It imports nothing from Telegram, SQLite or the scheduler (an import-linter contract checks it),
so that every rule can be called from a test with a date, and a second chat channel can be added
beside the Telegram adapter.
"""
