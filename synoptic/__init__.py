"""Synoptic: read the news from many outlets and lay their accounts of each story side by side."""

__version__ = "0.1.0"
