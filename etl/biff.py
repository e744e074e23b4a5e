"""Error cells (#N/A, #DIV/0! …) of an .xls or WPS .et workbook, which python-calamine reads as blanks.

A minimal reader of the OLE2 container and the BIFF8 records that hold an error: BOOLERR cells and
FORMULA cells whose cached result is an error. It runs in the workbook reader process; anything it
cannot follow gives no error cells (the cells then read as blank, as before), never a failure.
"""
import struct

ERRORS = {0x00: "#NULL!", 0x07: "#DIV/0!", 0x0F: "#VALUE!", 0x17: "#REF!", 0x1D: "#NAME?", 0x24: "#NUM!",
          0x2A: "#N/A", 0x2B: "#GETTING_DATA"}
END, FREE = 0xFFFFFFFE, 0xFFFFFFFF


def chain(table, start, limit):
    """Sector ids from `start` along `table`, at most `limit` of them (a loop in a damaged file ends)."""
    out, sid = [], start
    while sid < len(table) and len(out) < limit:
        out.append(sid)
        sid = table[sid]
    return out


def workbook_stream(data: bytes) -> bytes | None:
    """The 'Workbook' (or 'Book') stream of an OLE2 file."""
    if len(data) < 512 or data[:8] != b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        return None
    size = 1 << struct.unpack_from("<H", data, 0x1E)[0]
    mini = 1 << struct.unpack_from("<H", data, 0x20)[0]
    first_dir, cutoff, first_mini, n_mini, first_difat, n_difat = struct.unpack_from("<I4xIIIII", data, 0x30)
    limit = len(data) // size + 1

    def sector(sid):
        return data[512 + sid * size: 512 + (sid + 1) * size]
    fat_sectors = [s for s in struct.unpack_from("<109I", data, 0x4C) if s < FREE]
    sid = first_difat
    for _ in range(min(n_difat, limit)):
        if sid >= FREE:
            break
        ids = struct.unpack(f"<{size // 4}I", sector(sid))
        fat_sectors += [s for s in ids[:-1] if s < FREE]
        sid = ids[-1]
    fat = []
    for s in fat_sectors[:limit]:
        block = sector(s)
        fat += struct.unpack(f"<{len(block) // 4}I", block[:len(block) // 4 * 4])

    def read(start, length, table=fat, unit=size, source=sector):
        # A chain visits each sector once; a damaged (cyclic) one is cut at the table's size.
        return b"".join(source(s) for s in chain(table, start, min(length // unit + 2, len(table) + 1)))[:length]
    directory = read(first_dir, limit * size)
    entries = [directory[i:i + 128] for i in range(0, len(directory) - 127, 128)]
    if not entries:
        return None
    root_start, root_size = struct.unpack_from("<II", entries[0], 116)
    for e in entries:
        name = e[:max(0, min(64, struct.unpack_from("<H", e, 64)[0]) - 2)].decode("utf-16-le", "replace")
        if name not in ("Workbook", "Book") or e[66] != 2:
            continue
        start, length = struct.unpack_from("<II", e, 116)
        if length >= cutoff:
            return read(start, length)
        ministream = read(root_start, root_size)
        minifat = read(first_mini, n_mini * size) if n_mini else b""
        table = list(struct.unpack(f"<{len(minifat) // 4}I", minifat[:len(minifat) // 4 * 4]))
        return read(start, length, table, mini, lambda s: ministream[s * mini:(s + 1) * mini])
    return None


def error_cells(data: bytes) -> dict:
    """{sheet name: {(row, col): '#N/A', …}} for the error cells of an .xls/.et workbook."""
    try:
        stream = workbook_stream(data)
        return scan(stream) if stream else {}
    except (struct.error, IndexError, ValueError, MemoryError):
        return {}


def scan(stream: bytes) -> dict:
    sheets, out, pos, current = {}, {}, 0, None
    while pos + 4 <= len(stream):
        kind, length = struct.unpack_from("<HH", stream, pos)
        body = stream[pos + 4:pos + 4 + length]
        if kind == 0x0085 and len(body) >= 8:  # BOUNDSHEET: where each sheet's records start, and its name
            cch, high = body[6], body[7]
            raw = body[8:8 + cch * (2 if high & 1 else 1)]
            sheets[struct.unpack_from("<I", body)[0]] = raw.decode("utf-16-le" if high & 1 else "latin-1", "replace")
        elif kind == 0x0809:  # BOF: a sheet's records begin here
            current = sheets.get(pos, current)
        elif kind == 0x002F:  # FILEPASS: encrypted, nothing more can be read
            break
        elif current is not None and kind == 0x0205 and len(body) >= 8 and body[7] == 1:  # BOOLERR, an error
            row, col = struct.unpack_from("<HH", body)
            out.setdefault(current, {})[(row, col)] = ERRORS.get(body[6], "#N/A")
        elif current is not None and kind == 0x0006 and len(body) >= 14 and body[12:14] == b"\xff\xff" and body[6] == 2:
            row, col = struct.unpack_from("<HH", body)  # FORMULA whose cached result is an error
            out.setdefault(current, {})[(row, col)] = ERRORS.get(body[8], "#N/A")
        pos += 4 + length
    return out
