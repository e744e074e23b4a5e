"""Every file the product hands out: tables as xlsx and csv through one safe writer, templates, plans."""
