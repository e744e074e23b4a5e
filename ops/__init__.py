"""The operational store: what the app itself writes (accounts, failed logins, the audit log, saved plans)."""
