"""What the initiatives app contributes to the REST API: (url prefix, viewset, basename) tuples."""

ROUTES = []
