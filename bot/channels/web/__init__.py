"""The web chat: a page, its static files and one JSON endpoint that hands turns to the dialogue."""
