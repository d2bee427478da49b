"""Command-line helpers for `between triage` (wrapped by the Django management command)."""
