"""MicroPython's read-only file system image (ROMFS): the core's files as the browser's runtime mounts them at /rom.

Written with mpremote's writer (MicroPython's own tool, pinned to the runtime's release); read back here, for the
build's tools and tests, by the layout that writer documents: a header, then records of (kind, length, payload),
lengths and kinds as variable-length unsigned integers, directories holding records of their own.
"""

from __future__ import annotations

from mpremote.romfs import VfsRomWriter

DIRECTORY = VfsRomWriter.ROMFS_RECORD_KIND_DIRECTORY
FILE = VfsRomWriter.ROMFS_RECORD_KIND_FILE
DATA = VfsRomWriter.ROMFS_RECORD_KIND_DATA_VERBATIM
PADDING = VfsRomWriter.ROMFS_RECORD_KIND_PADDING
UNUSED = VfsRomWriter.ROMFS_RECORD_KIND_UNUSED


class RomfsError(Exception):
    """An image this reader cannot read (message in Chinese)."""


def write_image(files: dict[str, bytes]) -> bytes:
    """The image of files by path ("calculator/check.mpy"): folders made from the paths, everything in path order."""
    writer = VfsRomWriter()
    _write_folder(writer, {path.split("/")[0]: None for path in files}, files, "")
    return bytes(writer.finalise())


def _write_folder(writer: VfsRomWriter, names: dict[str, None], files: dict[str, bytes], prefix: str) -> None:
    for name in sorted(names):
        path = prefix + name
        if path in files:
            writer.mkfile(name, files[path])
            continue
        inside = {other[len(path) + 1 :].split("/")[0]: None for other in files if other.startswith(path + "/")}
        writer.opendir(name)
        _write_folder(writer, inside, files, path + "/")
        writer.closedir()


def read_image(image: bytes) -> dict[str, bytes]:
    """Every file of an image by its path, as write_image was given them."""
    header = VfsRomWriter.ROMFS_HEADER
    if not image.startswith(header):
        raise RomfsError("不是 MicroPython 的 ROMFS 映像（开头不对）")
    size, offset = _number(image, len(header))
    if offset + size > len(image):
        raise RomfsError("ROMFS 映像不完整")
    files: dict[str, bytes] = {}
    _read_records(image, offset, offset + size, "", files)
    return files


def _read_records(image: bytes, offset: int, end: int, prefix: str, files: dict[str, bytes]) -> None:
    while offset < end:
        kind, offset = _number(image, offset)
        length, offset = _number(image, offset)
        payload_end = offset + length
        if kind in (DIRECTORY, FILE):
            name_length, inner = _number(image, offset)
            name = image[inner : inner + name_length].decode("ascii")
            inner += name_length
            if kind == DIRECTORY:
                _read_records(image, inner, payload_end, f"{prefix}{name}/", files)
            else:
                data_kind, inner = _number(image, inner)
                data_length, inner = _number(image, inner)
                if data_kind != DATA:
                    raise RomfsError(f"ROMFS 映像中 {prefix}{name} 的内容不是直接存放的")
                files[prefix + name] = image[inner : inner + data_length]
        elif kind not in (PADDING, UNUSED):
            raise RomfsError(f"ROMFS 映像中有读不懂的记录（种类 {kind}）")
        offset = payload_end
    if offset != end:
        raise RomfsError("ROMFS 映像的记录长度不符")


def _number(image: bytes, offset: int) -> tuple[int, int]:
    """A variable-length unsigned integer (7 bits a byte, high bit: more follow) and the offset after it."""
    value = 0
    while True:
        if offset >= len(image):
            raise RomfsError("ROMFS 映像不完整")
        byte = image[offset]
        offset += 1
        value = (value << 7) | (byte & 0x7F)
        if not byte & 0x80:
            return value, offset
