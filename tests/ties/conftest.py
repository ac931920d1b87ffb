"""Synthetic stores and events for the ties and export tests (see tests/synthetic.py)."""

from synthetic import _store_only_resolver  # noqa: F401  (a pytest fixture)
