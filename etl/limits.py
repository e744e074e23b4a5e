"""The bounds the loader sets of its own (docs/loader.md states them): what a file may cost, and when a
value is implausible. The upload page prints the upload limits before an upload starts."""

MAX_UPLOAD_MB = 50              # one uploaded file
MAX_UNPACKED_MB = 500           # an xlsx's parts once unzipped (a zip bomb is refused before it is opened)
MAX_SHEET_CELLS = 10_000_000    # rows x columns of one sheet's used range (cells holding values)
EXCEL_READ_SECONDS = 300        # one workbook, read in the reader process
EXCEL_READER_MEMORY_MB = 3072   # address space of the reader process (python-calamine runs there)
UPLOAD_MEMORY_MB = 2048         # resident memory of an upload's load process
UPLOAD_SECONDS = 900            # wall time of an upload's load process

# Hard limits: what the database columns hold (counts are INTEGER) and what no branch reports in a
# quarter (money and hours above 1e12 are typing errors); beyond them a row is rejected.
MAX_COUNT = 2_147_483_647
MAX_AMOUNT = 1e12

# Soft limits: a value above these loads with an `implausible_value` warning (a likely slip: 元 typed
# as 万元, an extra zero, a county total on a branch's row).
PLAUSIBLE = {
    "member_count": 5_000,
    "docs_expected": 100_000, "docs_archived": 100_000, "docs_digitised": 100_000,
    "docs_sampled": 10_000, "docs_misclassified": 10_000,
    "archive_staff": 200, "archive_staff_fulltime": 200, "staff_trained": 200,
    "training_hours": 20_000,
    "funds_allocated": 10_000_000, "funds_spent": 10_000_000, "funds_designated": 10_000_000,
    "funds_misused": 10_000_000,
}
