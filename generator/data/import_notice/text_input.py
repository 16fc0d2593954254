"""Read a notice's text: UTF-8 (with or without BOM) or GB18030; one Chinese line when it is neither."""

from __future__ import annotations

from pathlib import Path


class ImportProblem(Exception):
    """Input the importer cannot use; its message is one plain Chinese line for the editor."""


def decode_notice(raw: bytes, name: str) -> str:
    """The text of `raw`: UTF-8 first (a BOM is dropped), else GB18030; line ends made \\n."""
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    for encoding in ("utf-8", "gb18030"):
        try:
            text = raw.decode(encoding)
        except UnicodeDecodeError:
            continue
        return text.replace("\r\n", "\n").replace("\r", "\n")
    raise ImportProblem(
        f"{name} 既不是 UTF-8 也不是 GB18030 编码的文本：请在文字处理软件中“另存为”纯文本（UTF-8）后再导入。"
    )


def read_notice_text(path: Path) -> str:
    """The notice's text from a .txt file (.docx is refused with what to do instead)."""
    if not path.is_file():
        raise ImportProblem(f"找不到文件 {path}。")
    if path.suffix.lower() in (".docx", ".doc", ".wps", ".pdf"):
        raise ImportProblem(
            f"{path.name} 不是纯文本：请在文字处理软件中打开它，“另存为”纯文本（.txt，UTF-8）后再导入。"
        )
    raw = path.read_bytes()
    if b"\x00" in raw[:4096]:
        raise ImportProblem(f"{path.name} 看起来不是文本文件（含有二进制内容）：请导入通知的纯文本（.txt）。")
    text = decode_notice(raw, path.name)
    if not text.strip():
        raise ImportProblem(f"{path.name} 是空的：请导入通知的纯文本。")
    return text
