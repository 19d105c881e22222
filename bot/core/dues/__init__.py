"""Party dues: amounts and the rate book, the ledger, statements, payments, reminders and the
3-month rule's warnings, and the dues section of the digest."""
