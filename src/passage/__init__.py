"""Passage: health, border and mobility management."""

__version__ = "0.1.0"
