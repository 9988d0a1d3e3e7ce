"""Data protection: how long personal data is kept, a person's download of their data, and
deleting an account (events.privacy.retention, events.privacy.personal_data)."""
