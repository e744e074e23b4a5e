"""The ETL: read the files branches send, check every row, load them into DuckDB (python -m etl)."""
