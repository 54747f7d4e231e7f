"""Personal and payment data kept out of storage and logs: card numbers and IBANs masked in what
residents type, identifiers masked in log lines."""
