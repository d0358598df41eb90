"""The web server: a read-only REST API and server-rendered pages over an eventwire database.

`app.create_app(db)` builds the FastAPI application; `command.serve` is `eventwire serve`.
"""
