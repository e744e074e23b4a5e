"""What every command line shares: a parser whose help and errors read entirely in Chinese."""
from cli.parser import ChineseParser

__all__ = ["ChineseParser"]
