"""Adapters from ordering's ports to outside services; the only place vendor SDKs are imported."""
