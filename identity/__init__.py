"""Who is calling: staff users and password hashing, staff API tokens and browser sessions, provider tokens,
anonymous patient chat tokens, the login throttle, and who owns what (`Principal`, `check_owner`).
Framework-free and below `routing/`; `web/auth` turns HTTP credentials into a `Principal` with it."""
