"""What the contests app contributes to the REST API: (url prefix, viewset, basename) tuples."""

ROUTES = []
