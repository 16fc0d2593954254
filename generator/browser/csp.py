"""A Content-Security-Policy <meta> in every built page: only our own origin may run code.

A static host cannot be trusted to send headers, so the policy travels inside each page. Scripts
come from our origin only; the few inline scripts the theme needs are allowed by their SHA-256
hash (computed from the page itself, so they cannot be swapped), and WebAssembly may compile
('wasm-unsafe-eval') for the calculator's MicroPython runtime. No eval, no other origin.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Collection
from pathlib import Path

INLINE_SCRIPT = re.compile(r"<script(?P<attributes>(?:\s[^>]*)?)>(?P<body>.*?)</script>", re.DOTALL | re.IGNORECASE)
SOURCE_ATTRIBUTE = re.compile(r"(?:^|\s)src\s*=", re.IGNORECASE)
"""A script's src attribute (not data-src and the like): the script is a file, allowed by 'self'."""
DATA_BLOCK_TYPES = ("application/json", "application/ld+json")
MARKER = 'http-equiv="Content-Security-Policy"'

POLICY = (
    "default-src 'self'",
    "script-src 'self' 'wasm-unsafe-eval' {hashes}",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "worker-src 'self'",
    "manifest-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
)
"""The policy; {hashes} is replaced by the hashes of the page's own inline scripts."""


def inline_script_hashes(html: str) -> list[str]:
    """'sha256-…' of every inline script that a browser would run, in page order, without repeats."""
    hashes: list[str] = []
    for match in INLINE_SCRIPT.finditer(html):
        attributes = match.group("attributes").lower()
        if SOURCE_ATTRIBUTE.search(attributes) or any(kind in attributes for kind in DATA_BLOCK_TYPES):
            continue
        digest = base64.b64encode(hashlib.sha256(match.group("body").encode("utf-8")).digest()).decode("ascii")
        token = f"'sha256-{digest}'"
        if token not in hashes:
            hashes.append(token)
    return hashes


def policy_for(html: str) -> str:
    return "; ".join(POLICY).replace("{hashes}", " ".join(inline_script_hashes(html))).replace("  ", " ")


def add_content_security_policy(html: str) -> str:
    """The page with the policy as the first element of <head> (before any script can run)."""
    if MARKER in html:
        return html
    head = re.search(r"<head[^>]*>", html, re.IGNORECASE)
    if head is None:
        return html
    meta = f'<meta {MARKER} content="{policy_for(html)}">'
    return html[: head.end()] + meta + html[head.end() :]


def as_written(output: str) -> str:
    """A page's HTML as apply_to_site reads it back from the file MkDocs writes.

    MkDocs writes UTF-8 with characters it cannot encode as references; reading text turns any
    \r\n or \r into \n.
    """
    text = output.encode("utf-8", errors="xmlcharrefreplace").decode("utf-8")
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


def add_to_page_output(output: str) -> str:
    """The HTML MkDocs is about to write, with the policy: the same file as apply_to_site would leave."""
    html = as_written(output)
    updated = add_content_security_policy(html)
    return updated if updated != html else output


def apply_to_site(site_dir: Path, done: Collection[str] = ()) -> int:
    """Add the policy to every HTML file of the built site; return how many files were changed.

    done: files (paths relative to site_dir) that already got it from add_to_page_output.
    """
    changed = 0
    for path in sorted(site_dir.rglob("*.html")):
        if path.relative_to(site_dir).as_posix() in done:
            continue
        html = path.read_text(encoding="utf-8")
        updated = add_content_security_policy(html)
        if updated != html:
            path.write_text(updated, encoding="utf-8")
            changed += 1
    return changed
