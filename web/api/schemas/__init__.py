"""Request and response bodies of the HTTP API, kept apart from the routes that wire them to the domain."""
