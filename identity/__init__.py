"""Identities: staff users, their tokens and browser sessions, anonymous patient chats, and who owns what."""
