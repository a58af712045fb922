"""HTML pages: server-rendered templates with a little plain JavaScript, no build step."""
