"""What the overview lists as needing attention, and the threshold that makes its first list a shortlist."""
LOW_COMPLETENESS = 0.6      # a branch that filed less than 60% of what was due is behind (docs/indicators.md)
REASONS = ("low_completeness", "not_submitted", "misuse", "untrained")
# The column each list shows its reason in (the not-submitted list shows whom to call instead).
VALUE_COLUMNS = {"low_completeness": "completeness", "misuse": "funds_misused", "untrained": "archive_staff"}
