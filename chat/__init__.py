"""The patient chat: the conversation state machine (`conversation`) and the I/O it asks the domain to do
(`assistant`: triage, route, hold and book, each save guarded against a stale turn). Above `routing/` and
`triage/`; `web/ws/chat.py` only carries its frames."""
