"""Adversarial tests: the attacks of the security audit (issue 13), played against the real app."""
