"""Read a notice's text: UTF-8 (with or without BOM), UTF-16 with its BOM, or GB18030; one Chinese line when it is neither."""

from __future__ import annotations

import codecs
from pathlib import Path


class ImportProblem(Exception):
    """Input the importer cannot use; its message is one plain Chinese line for the editor."""


def notice_encoding(raw: bytes) -> str:
    """The encoding `raw` is read in: "utf-8-sig", "utf-16" (after its BOM, as Notepad saves “Unicode”) or "gb18030"."""
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    try:
        raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return "gb18030"
    return "utf-8-sig"


def decode_notice(raw: bytes, name: str) -> str:
    """The text of `raw` (notice_encoding; a BOM is dropped); line ends made \\n."""
    try:
        text = raw.decode(notice_encoding(raw))
    except UnicodeDecodeError:
        raise ImportProblem(
            f"{name} 既不是 UTF-8 也不是 GB18030 编码的文本：请在文字处理软件中“另存为”纯文本（UTF-8）后再导入。"
        ) from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def read_notice_text(path: Path) -> str:
    """The notice's text from a .txt file (.docx is refused with what to do instead)."""
    if path.is_dir():
        raise ImportProblem(f"{path} 是文件夹：请给出通知的纯文本文件（.txt）。")
    if not path.is_file():
        raise ImportProblem(f"找不到文件 {path}。")
    if path.suffix.lower() in (".docx", ".doc", ".wps", ".pdf"):
        raise ImportProblem(
            f"{path.name} 不是纯文本：请在文字处理软件中打开它，“另存为”纯文本（.txt，UTF-8）后再导入。"
        )
    raw = path.read_bytes()
    if b"\x00" in raw[:4096] and notice_encoding(raw) != "utf-16":
        raise ImportProblem(f"{path.name} 看起来不是文本文件（含有二进制内容）：请导入通知的纯文本（.txt）。")
    text = decode_notice(raw, path.name)
    if not text.strip():
        raise ImportProblem(f"{path.name} 是空的：请导入通知的纯文本。")
    return text
