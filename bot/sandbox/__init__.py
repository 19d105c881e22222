"""A local Bot API simulator and a driver that plays users against it (tests and the demo)."""
