"""Extracting an uploaded zip (zipped Shapefile, KMZ) without trusting it.

Every entry is checked before anything is written: no absolute paths, no ``..`` components, no
symbolic links, a bounded number of entries, and a bounded total uncompressed size (a "zip bomb"
declares small sizes in nothing; the declared sizes are checked first and the bytes written are
counted again while extracting).
"""

from __future__ import annotations

import stat
import zipfile
from pathlib import Path, PurePosixPath

from geo.errors import UnsafeArchiveError
from geo.ingest import limits

MAX_ENTRIES = limits.ARCHIVE_ENTRIES
MAX_UNCOMPRESSED = limits.ARCHIVE_UNCOMPRESSED_BYTES


def safe_extract(archive: Path, target: Path) -> list[Path]:
    """Extract ``archive`` into ``target`` (which must exist) after checking every entry.

    Returns the extracted files. Raises UnsafeArchiveError naming the first offending entry,
    before writing anything, or zipfile.BadZipFile for a file that is not a zip archive.
    """
    with zipfile.ZipFile(archive) as zf:
        entries = zf.infolist()
        if len(entries) > MAX_ENTRIES:
            raise UnsafeArchiveError(
                f"the archive has {len(entries)} entries; at most {MAX_ENTRIES} are accepted"
            )
        declared = 0
        for info in entries:
            _check_name(info)
            declared += info.file_size
        if declared > MAX_UNCOMPRESSED:
            raise UnsafeArchiveError(
                f"the archive unpacks to {limits.mib(declared)}; at most "
                f"{limits.mib(MAX_UNCOMPRESSED)} are accepted"
            )
        written = 0
        out = []
        root = target.resolve()
        for info in entries:
            destination = (root / info.filename).resolve()
            if info.is_dir():
                destination.mkdir(parents=True, exist_ok=True)
                continue
            destination.parent.mkdir(parents=True, exist_ok=True)
            with zf.open(info) as src, destination.open("wb") as dst:
                while chunk := src.read(1 << 20):
                    written += len(chunk)
                    if written > MAX_UNCOMPRESSED:
                        raise UnsafeArchiveError(
                            f"the archive unpacks to more than {limits.mib(MAX_UNCOMPRESSED)}"
                        )
                    dst.write(chunk)
            out.append(destination)
        return out


def _check_name(info: zipfile.ZipInfo) -> None:
    name = info.filename.replace("\\", "/")
    path = PurePosixPath(name)
    if path.is_absolute() or (len(name) > 1 and name[1] == ":"):
        raise UnsafeArchiveError(f"the archive entry {info.filename!r} has an absolute path")
    if ".." in path.parts:
        raise UnsafeArchiveError(
            f"the archive entry {info.filename!r} points outside the archive ('..' in its path)"
        )
    mode = info.external_attr >> 16
    if stat.S_ISLNK(mode):
        raise UnsafeArchiveError(f"the archive entry {info.filename!r} is a symbolic link")
