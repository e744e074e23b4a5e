"""Region levels, from the whole scope down to one branch, and which filter a level sets."""
from enum import StrEnum


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
