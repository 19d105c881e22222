"""The clock side of the bot: a repeating tick asks planners what is due, and the sender
delivers the outbox (ARCHITECTURE.md, "Reminders")."""
