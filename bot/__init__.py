"""Kiepe's conversation front end: dialogue core, channels, HTTP app, CLI and composition root."""
