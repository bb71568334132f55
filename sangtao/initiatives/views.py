"""Pages of the initiatives app."""
