"""The spread archive: entries (PDF, sources, manifest), the search index, verification."""

from __future__ import annotations

from .store import Archive, default_dir, verify_entry

__all__ = ["Archive", "default_dir", "verify_entry"]
