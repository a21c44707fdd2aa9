import io
import stat
import zipfile

import pytest

from geo.ingest import safezip
from geo.ingest.coords import CoordinateError, parse_coordinate
from geo.ingest.safezip import UnsafeArchiveError, safe_extract


@pytest.mark.parametrize(
    ("text", "axis", "expected"),
    [
        ("29.125", "lat", 29.125),
        ("29,125", "lat", 29.125),
        ("-62.5", "lon", -62.5),
        ("29°07'30\"N", "lat", 29.125),
        ("29° 7′ 30″ N", "lat", 29.125),
        ("N 29°07'30\"", "lat", 29.125),
        ("29:07:30N", "lat", 29.125),
        ("29d07m30s", "lat", 29.125),
        ("29 07 30 S", "lat", -29.125),
        ("29°07.5'N", "lat", 29.125),
        ("62°03'36\"E", "lon", 62.06),
        ("62.5W", "lon", -62.5),
        ("E 62.5", "lon", 62.5),
        (29.5, "lat", 29.5),
    ],
)
def test_coordinate_spellings(text, axis, expected):
    assert parse_coordinate(text, axis) == pytest.approx(expected)


@pytest.mark.parametrize(
    ("text", "axis", "message"),
    [
        ("", "lat", "missing latitude"),
        (None, "lon", "missing longitude"),
        ("abc", "lat", "cannot read latitude 'abc'"),
        ("29°70'N", "lat", "has minutes or seconds of 60 or more"),
        ("62E", "lat", "has hemisphere E, which belongs to a longitude"),
        ("-29N", "lat", "has both a minus sign and a hemisphere"),
        ("95", "lat", r"is outside ±90°"),
        ("200", "lon", r"is outside ±180°"),
    ],
)
def test_unreadable_coordinates_say_why(text, axis, message):
    with pytest.raises(CoordinateError, match=message):
        parse_coordinate(text, axis)


def test_axis_must_be_lat_or_lon():
    with pytest.raises(ValueError, match=r"`axis` was 'z'"):
        parse_coordinate("1", "z")


def _zip(tmp_path, entries):
    path = tmp_path / "a.zip"
    with zipfile.ZipFile(path, "w") as zf:
        for name, data in entries:
            if isinstance(name, zipfile.ZipInfo):
                zf.writestr(name, data)
            else:
                zf.writestr(name, data)
    return path


def test_normal_archive_is_extracted(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    files = safe_extract(_zip(tmp_path, [("d/a.txt", b"a"), ("b.txt", b"bb")]), out)
    assert sorted(f.relative_to(out).as_posix() for f in files) == ["b.txt", "d/a.txt"]


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("../evil.txt", r"points outside the archive"),
        ("a/../../evil.txt", r"points outside the archive"),
        ("/etc/evil.txt", r"has an absolute path"),
        ("C:/evil.txt", r"has an absolute path"),
    ],
)
def test_path_traversal_is_refused_before_writing(tmp_path, name, message):
    out = tmp_path / "out"
    out.mkdir()
    archive = _zip(tmp_path, [("ok.txt", b"fine"), (name, b"evil")])
    with pytest.raises(UnsafeArchiveError, match=message):
        safe_extract(archive, out)
    assert list(out.iterdir()) == []  # not even the harmless entry was written


def test_symlink_entry_is_refused(tmp_path):
    info = zipfile.ZipInfo("link")
    info.external_attr = (stat.S_IFLNK | 0o777) << 16
    out = tmp_path / "out"
    out.mkdir()
    with pytest.raises(UnsafeArchiveError, match="is a symbolic link"):
        safe_extract(_zip(tmp_path, [(info, b"/etc/passwd")]), out)


def test_declared_size_over_the_limit_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(safezip, "MAX_UNCOMPRESSED", 1000)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("zeros.bin", b"\0" * 5000)  # compresses to a few bytes
    archive = tmp_path / "bomb.zip"
    archive.write_bytes(buffer.getvalue())
    out = tmp_path / "out"
    out.mkdir()
    with pytest.raises(UnsafeArchiveError, match="unpacks to"):
        safe_extract(archive, out)
    assert list(out.iterdir()) == []


def test_too_many_entries_are_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(safezip, "MAX_ENTRIES", 2)
    out = tmp_path / "out"
    out.mkdir()
    with pytest.raises(UnsafeArchiveError, match="has 3 entries; at most 2"):
        safe_extract(_zip(tmp_path, [("a", b""), ("b", b""), ("c", b"")]), out)
