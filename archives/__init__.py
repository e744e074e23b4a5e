"""The dashboard's data layer and UI helpers: queries with scope, filters, charts, strings."""
