"""What the clubs app contributes to the REST API: (url prefix, viewset, basename) tuples."""

ROUTES = []
