"""Analyze: costly per-article NLP computed when a story is compared."""
