"""The shell around ``between.core.documents``: translation through Django, PDF output."""
