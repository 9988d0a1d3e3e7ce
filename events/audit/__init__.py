"""The audit log (events.audit.log) and its pages for organisers and the secretariat."""
