"""Backups: everything a Plenaria installation must keep, in one archive, and its restore."""
