"""The accounts command line: python -m accounts add|list|disable|enable|reset|audit."""
