"""Pages of the contests app."""
