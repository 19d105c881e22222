"""The local Telegram Bot API simulator, in its parts; ``bot.sandbox.server`` assembles it."""
