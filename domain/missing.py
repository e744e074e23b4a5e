"""What counts as an undefined value (None, pandas' NA, NaN): shown as "—", never as 0."""
import math

import pandas as pd


def is_missing(value) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value))
