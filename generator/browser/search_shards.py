"""The search index as small static JSON files: postings shards chosen by token hash, one file per record, a manifest.

Written into site/search/ (site_config/javascripts/search.js reads it; README 搜索):

- `manifest.json`: `{"v": 1, "d": FOLDER, "n": RECORDS, "s": SHARDS, "b": "TOKEN TOKEN …"}`, the only file
  with a fixed name (also written into search.js at build time; the service worker asks the network first);
- `FOLDER/p/I.json`: shard I, `{token: postings}` for every token whose FNV-1a hash modulo SHARDS is I,
  but for the tokens listed in "b": those whose postings are longer than OWN_FILE_CHARS (广西 in every
  organisation) have them alone in `FOLDER/t/TOKEN.json` (a JSON string), so a shard stays a few KB and
  the browser fetches such a token's file straight away (none at the shipped size: "b" is empty);
- `FOLDER/r/ID.json`: record ID as shown, `[url, title, context, text]`, fetched for the results shown only.

FOLDER is a hash of all the files' content: a changed index is a new folder, so a file in one never
changes and the service worker serves it from its cache first.

Postings: the records holding the token in id order, each written as the gap from the previous id minus
one (a varint of base-32 digits, least significant first; ALPHABET[32 + digit] when more digits follow,
ALPHABET[digit] for the last) and one character ALPHABET[level], level 1–63 being the record's BM25
term-frequency part for the token, (K1 + 1)·w / (K1·(1 − B + B·L/avgL) + w), scaled to 63 (w: the
token's weighted count in the record, L: the record's length in words). The browser multiplies each level
by the token's idf, ln(1 + (N − df + 0.5)/(df + 0.5)), df being the number of postings, and adds them up.
"""

from __future__ import annotations

import hashlib
import json
import math
import shutil
from array import array
from collections.abc import Iterable
from pathlib import Path

ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-_"
"""64 characters that JSON writes as they are."""
FORMAT = 1
K1 = 1.4
B = 0.3
"""BM25's term saturation and length normalisation (weak: an organisation's page lists every row of it)."""
LEVELS = 63
OWN_FILE_CHARS = 1024
"""Postings longer than this go to a file of their own (a query of that token loads only them)."""
SHARD_CHARS = 2048
"""About this many characters per shard: a query of three tokens loads a few KB."""
OUTPUT = "search"
MANIFEST = "manifest.json"


def fnv1a(token: str) -> int:
    """The 32-bit FNV-1a hash of an ASCII token (search.js has the same: shardOf)."""
    value = 0x811C9DC5
    for character in token:
        value = ((value ^ ord(character)) * 0x01000193) & 0xFFFFFFFF
    return value


def varint(number: int) -> str:
    if number < 32:
        return ALPHABET[number]
    digits = []
    while number >= 32:
        digits.append(ALPHABET[32 + (number & 31)])
        number >>= 5
    digits.append(ALPHABET[number])
    return "".join(digits)


_SHORT = [varint(number) for number in range(1024)]
"""The varints of the gaps most postings have (Postings.encoded writes what encode writes, faster)."""


def encode(postings: list[tuple[int, int]]) -> str:
    """(record id, level) pairs in id order as one string."""
    previous = -1
    parts = []
    for record, level in postings:
        parts.append(varint(record - previous - 1) + ALPHABET[level])
        previous = record
    return "".join(parts)


def decode(text: str) -> list[tuple[int, int]]:
    """The inverse of encode (the tests' reader; search.js has its own)."""
    found = []
    record, position = -1, 0
    while position < len(text):
        gap, shift = 0, 0
        while (digit := ALPHABET.index(text[position])) >= 32:
            gap |= (digit - 32) << shift
            shift += 5
            position += 1
        gap |= digit << shift
        record += gap + 1
        found.append((record, ALPHABET.index(text[position + 1])))
        position += 2
    return found


class Postings:
    """Each token's records and weighted counts, added record by record in compact arrays (a hundred times the
    organisations are two million postings); the levels are computed at the end, once the average length is known."""

    def __init__(self) -> None:
        self.records: dict[str, array[int]] = {}
        self.weights: dict[str, array[float]] = {}
        self.lengths: array[int] = array("L")

    def add(self, counts: dict[str, float], length: int) -> int:
        """The next record: its tokens' weighted counts and its length in words; returns its id."""
        record = len(self.lengths)
        self.lengths.append(length)
        for token, weight in counts.items():
            if token not in self.records:
                self.records[token] = array("L")
                self.weights[token] = array("f")
            self.records[token].append(record)
            self.weights[token].append(weight)
        return record

    def encoded(self) -> dict[str, tuple[str, int]]:
        """Each token's postings as written (encode) and their number (df)."""
        average = max(1.0, sum(self.lengths) / len(self.lengths)) if self.lengths else 1.0
        norms = [K1 * (1 - B + B * length / average) for length in self.lengths]
        found = {}
        for token, records in self.records.items():
            parts = []
            previous = -1
            for record, weight in zip(records, self.weights[token], strict=True):
                scaled = round(LEVELS * weight / (norms[record] + weight))  # (K1 + 1)·w / (norm + w): (K1 + 1) cancels
                gap = record - previous - 1
                parts.append((_SHORT[gap] if gap < 1024 else varint(gap)) + ALPHABET[max(1, min(LEVELS, scaled))])
                previous = record
            found[token] = ("".join(parts), len(records))
        return found


def shard_files(encoded: dict[str, tuple[str, int]]) -> tuple[int, dict[str, str], list[str]]:
    """The shard count; the JSON text of each shard and each own-file token by file name (p/3.json, t/TOKEN.json);
    the own-file tokens."""
    small = {token: text for token, (text, _) in encoded.items() if len(text) <= OWN_FILE_CHARS}
    count = max(1, math.ceil(sum(len(token) + len(text) + 6 for token, text in small.items()) / SHARD_CHARS))
    shards: list[dict[str, str]] = [{} for _ in range(count)]
    for token, text in small.items():
        shards[fnv1a(token) % count][token] = text
    files = {f"p/{number}.json": _json(shard) for number, shard in enumerate(shards)}
    own = sorted(token for token in encoded if token not in small)
    files.update({f"t/{token}.json": json.dumps(encoded[token][0]) for token in own})
    return count, files, own


def _json(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True)


def write_index(site_dir: Path, postings: Postings, shown: Iterable[list[str]]) -> dict[str, int | str]:
    """Write site_dir/search/ (see the module's docstring): the postings, the records as shown; returns the manifest."""
    count, files, own = shard_files(postings.encoded())
    files.update({f"r/{number}.json": _json(record) for number, record in enumerate(shown)})
    digest = hashlib.sha256()
    for name in sorted(files):
        digest.update(name.encode() + b"\0" + files[name].encode("utf-8") + b"\0")
    folder = digest.hexdigest()[:12]
    output = Path(site_dir) / OUTPUT
    if output.exists():
        shutil.rmtree(output)
    for sub in ("p", "t", "r"):
        (output / folder / sub).mkdir(parents=True)
    for name, text in files.items():
        (output / folder / name).write_text(text, encoding="utf-8")
    manifest: dict[str, int | str] = {
        "v": FORMAT,
        "d": folder,
        "n": len(postings.lengths),
        "s": count,
        "b": " ".join(own),
    }
    (output / MANIFEST).write_text(_json(manifest), encoding="utf-8")
    return manifest
