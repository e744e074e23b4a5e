"""One catalogue for every on-screen string, Chinese first, English a switch away.

The catalogue is split by screen (one module each) only so that screens can be written side by side;
t() looks every key up in the merged whole and fails loudly on a missing or duplicated key. The
language is always passed in: the UI knows the user's choice, nothing here reads it.
"""
import importlib
import pkgutil

LANGUAGES = {"zh": "中文", "en": "English"}
DEFAULT_LANGUAGE = "zh"


def _merge():
    catalogue = {}
    for module in pkgutil.iter_modules(__path__):
        strings = importlib.import_module(f"{__name__}.{module.name}").STRINGS
        clash = catalogue.keys() & strings.keys()
        if clash:
            raise KeyError(f"strings defined twice: {sorted(clash)}")
        catalogue.update(strings)
    return catalogue


CATALOGUE = _merge()


def t(key: str, lang: str = DEFAULT_LANGUAGE, **values) -> str:
    """The string for `key` in `lang` ('zh' or 'en'), with {placeholders} filled in."""
    zh, en = CATALOGUE[key]
    text = en if lang == "en" else zh
    return text.format(**values) if values else text
