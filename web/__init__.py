"""The HTTP and websocket edge: the only package that imports FastAPI."""
