"""Region levels, from the whole scope down to one branch, and region codes as people give them."""
import re
from enum import StrEnum

REGION_CODE = re.compile(r"\d{2}|\d{4}|\d{6}")


class RegionError(ValueError):
    """A region code that is not 2, 4 or 6 digits; the message is Chinese."""


def check_region(code) -> str | None:
    """A 2-, 4- or 6-digit region code (province, city, county) as given on a command line or stored with an
    account, or None for everything; RegionError says in Chinese what is wrong with anything else."""
    if code is None or str(code).strip() == "":
        return None
    code = str(code).strip()
    if not REGION_CODE.fullmatch(code):
        raise RegionError(f"地区代码「{code}」无效:应为 2 位(省)、4 位(市)或 6 位(县)数字,如 13、1308、130824")
    return code


class Level(StrEnum):
    """A level of the region hierarchy; its value is what queries take as $level."""
    PROVINCE = "province"
    CITY = "city"
    COUNTY = "county"
    TOWNSHIP = "township"
    BRANCH = "branch"

    @property
    def drills(self) -> bool:
        """A region shown at this level can be opened (a branch opens its profile instead)."""
        return self is not Level.BRANCH


def comparison_level(has: dict, provinces: int, cities: int) -> Level:
    """The level one step below the chosen region, skipping levels that hold a single region.

    `has` says which filters are set (province, city, county, township); the counts are of the
    provinces and cities in view when no narrower filter is set.
    """
    if has.get("township"):
        return Level.BRANCH
    if has.get("county"):
        return Level.TOWNSHIP
    if has.get("city"):
        return Level.COUNTY
    if not has.get("province") and provinces > 1:
        return Level.PROVINCE
    return Level.CITY if cities > 1 else Level.COUNTY
