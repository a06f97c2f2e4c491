"""Bundled dataset and templates (mapped from the repository's data/ and templates/)."""
