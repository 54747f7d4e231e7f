"""Test support code shared by test packages (fakes of outside services)."""
