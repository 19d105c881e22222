"""The Telegram channel: inline buttons and callback data, the reply keyboard and the command
menu, and sending a rendered message through PTB's ``Bot``."""
