"""Outgoing mail: written to the outbox in the transaction that causes it (`writing`),
delivered by the task queue with retries (`delivery`), shown to organisers (`views`)."""
