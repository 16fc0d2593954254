"""The calculator's start-up taken once at build time: the runtime's memory after the core is imported and the rules read.

In the browser, importing the core's bytecode and reading the rules took longer than the check itself (20–50 ms of a
first verdict). MicroPython's WebAssembly port is deterministic: started with the same files, heap and ROMFS image it
holds the same bytes in Node and in Chromium, and the same again after the same imports. So the build starts it under
Node (core_snapshot.mjs), imports the core, and keeps the parts of memory that changed (a few dozen 4 KB pieces); the
worker starts the runtime as usual and writes those pieces back instead of importing (site_config/calculator/worker.js,
restoreSnapshot). Each piece carries the Adler-32 of what it held before the import: the worker writes nothing
unless its runtime holds exactly that, and then imports the core as before.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
import zlib
from pathlib import Path
from typing import Any

HEAP_BYTES = 8 * 1024 * 1024
"""MicroPython's heap in the browser's worker (a batch of 200,000 rows needs more: the heap grows by itself)."""
PYSTACK_WORDS = 2048
"""MicroPython's Python stack (loadMicroPython's default), in words."""
CHUNK = 4096
"""The pieces of memory compared and kept."""
SCRIPT = Path(__file__).with_name("core_snapshot.mjs")


class SnapshotError(Exception):
    """The start-up could not be taken (message in Chinese)."""


def take(runtime_dir: Path, romfs: bytes) -> tuple[dict[str, Any], bytes]:
    """The snapshot's description (for the bundle's header) and the bytes of its pieces, one after another.

    Empty ({}, b"") when the import made the memory grow: the worker then imports the core (correct, slower).
    """
    node = shutil.which("node")
    if node is None:
        raise SnapshotError("没有找到 Node.js（node）：生成计算器的启动快照要用，请安装 Node.js 20 或更新的版本")
    with tempfile.TemporaryDirectory(prefix="gx-snapshot-") as scratch:
        image = Path(scratch) / "core.romfs"
        image.write_bytes(romfs)
        command = [node, str(SCRIPT), str(runtime_dir), str(image), str(HEAP_BYTES), str(PYSTACK_WORDS), scratch]
        done = subprocess.run(command, capture_output=True, text=True)
        if done.returncode != 0:
            detail = (done.stderr or done.stdout).strip().splitlines()
            raise SnapshotError(f"计算器的启动快照无法生成：{detail[-1] if detail else '未知错误'}")
        before = (Path(scratch) / "before.bin").read_bytes()
        after = (Path(scratch) / "after.bin").read_bytes()
    return difference(before, after)


def difference(before: bytes, after: bytes) -> tuple[dict[str, Any], bytes]:
    """The pieces of `after` that differ from `before`: where they are, the Adler-32 of what they replace, their bytes."""
    if len(before) != len(after) or len(after) % CHUNK:
        return {}, b""
    offsets, checksums, pieces = [], [], []
    for offset in range(0, len(after), CHUNK):
        old, new = before[offset : offset + CHUNK], after[offset : offset + CHUNK]
        if old != new:
            offsets.append(offset)
            checksums.append(zlib.adler32(old))
            pieces.append(new)
    return {"memory": len(after), "chunk": CHUNK, "offsets": offsets, "adler32": checksums}, b"".join(pieces)


def runtime_options() -> dict[str, int]:
    """How the worker starts MicroPython (loadMicroPython's heapsize and pystack): as the snapshot was taken."""
    return {"heapsize": HEAP_BYTES, "pystack": PYSTACK_WORDS}
