"""Web chat: the route (TestClient) and the page in a real headless chromium."""
