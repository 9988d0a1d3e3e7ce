"""Plenaria: meetings of standards bodies (the `events` package holds models and blueprints)."""
