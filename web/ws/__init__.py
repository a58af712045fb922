"""Websocket endpoints: providers push capacity, consoles watch the board."""
