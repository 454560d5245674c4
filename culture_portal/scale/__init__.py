"""Data at a province's scale, and the leadership benchmark: management commands only, no models."""
