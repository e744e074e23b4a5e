"""Command line of the briefing pack (简报): `python -m briefing --help`. The pack itself is exports.briefing."""
