"""python -m briefing: write the briefing pack (PPTX or PDF) for a quarter and region, or one per county."""
import sys

from briefing.cli import main

if __name__ == "__main__":
    sys.exit(main())
