"""Pages of the clubs app."""
