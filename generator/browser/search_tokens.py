"""The words of the search index: Chinese cut into overlapping pairs of characters, dates and phones in one form.

Any cut of Chinese into words loses the parts of a word (电子科技 inside 桂林电子科技大学, 续教 inside
继续教育). So the index and the query are cut here into pairs, the same way on both sides
(site_config/javascripts/search.js does the same in the browser; tests/test_search_tokens.py runs both
on the same texts), and the index (generator/browser/search_shards.py) matches whole words only:

- every run of Chinese characters becomes its overlapping pairs (桂林电子 → 桂林 林电 电子), and the index
  also holds each character alone: a query of n characters (n ≥ 2) is its n − 1 pairs, all of which a
  text containing it has; a query of one character finds every text with that character;
- each Chinese word is written as a word of ASCII letters and digits (`z` and three base-36 digits a
  character), which is also a file name (a large token's postings have a file of their own);
- a date (2026年12月31日, 2026-12-31, 2026/12/31, 2026.12.31) is also the word d20261231 and m1231,
  a date without its year (12月31日) the word m1231; the query uses only these words for a date;
- a telephone number (0771-5331234) is also its digits in one word; letters and digits are words.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter

HAN = "\u3400-\u4dbf\u4e00-\u9fff"
HAN_START = 0x3400
DIGITS36 = "0123456789abcdefghijklmnopqrstuvwxyz"
PREFIX = "z"

_FULL_DATE = re.compile(r"(?<![0-9])([0-9]{4})\s*[年./-]\s*([0-9]{1,2})\s*[月./-]\s*([0-9]{1,2})(?![0-9])[日号]?")
_MONTH_DAY = re.compile(r"(?<![0-9])([0-9]{1,2})\s*月\s*([0-9]{1,2})(?![0-9])\s*[日号]")
_PHONE = re.compile(r"(?<![0-9])([0-9]{3,4})\s*[-‐‑–—―－]\s*([0-9]{5,8})(?![0-9])")
_WORD = re.compile(rf"[{HAN}]+|[0-9a-z]+")
_DIGIT = re.compile("[0-9]")


def normalise(text: str) -> str:
    """Full-width letters and digits as ASCII (NFKC), lower case."""
    return unicodedata.normalize("NFKC", text).lower()


_CODES: dict[str, str] = {}


def _code(character: str) -> str:
    """A character's three base-36 digits (remembered: an index cuts millions of characters)."""
    code = _CODES.get(character)
    if code is None:
        number = ord(character) - HAN_START
        code = _CODES[character] = DIGITS36[number // 1296] + DIGITS36[number // 36 % 36] + DIGITS36[number % 36]
    return code


def han_word(characters: str) -> str:
    """Chinese characters as one ASCII word: z, then three base-36 digits per character."""
    return PREFIX + "".join(_code(character) for character in characters)


def _valid(month: str, day: str) -> bool:
    return 1 <= int(month) <= 12 and 1 <= int(day) <= 31


def _date_words(text: str, *, month_of_full: bool) -> tuple[list[str], str]:
    """The date words of a normalised text, and the text with the dates blanked out."""
    words: list[str] = []

    def full(match: re.Match[str]) -> str:
        year, month, day = match.groups()
        if not _valid(month, day):
            return match.group(0)
        words.append(f"d{year}{int(month):02d}{int(day):02d}")
        if month_of_full:
            words.append(f"m{int(month):02d}{int(day):02d}")
        return " "

    def month_day(match: re.Match[str]) -> str:
        month, day = match.groups()
        if not _valid(month, day):
            return match.group(0)
        words.append(f"m{int(month):02d}{int(day):02d}")
        return " "

    text = _FULL_DATE.sub(full, text)
    text = _MONTH_DAY.sub(month_day, text)
    return words, text


def _phone_words(text: str) -> tuple[list[str], str]:
    words: list[str] = []

    def phone(match: re.Match[str]) -> str:
        words.append(match.group(1) + match.group(2))
        return " "

    return words, _PHONE.sub(phone, text)


def _plain_words(text: str, *, characters: bool = False) -> tuple[list[str], int]:
    """Letters and digits as they are, Chinese as pairs (a lone character alone); `characters`: every one alone too.
    Also the number of words of one character among them."""
    words = []
    alone = 0
    for run in _WORD.findall(text):
        if not "\u3400" <= run[0] <= "\u9fff":
            words.append(run)
        elif len(run) == 1:
            words.append(PREFIX + _code(run))
            alone += 1
        else:
            codes = [_code(character) for character in run]
            words.extend(PREFIX + codes[i] + codes[i + 1] for i in range(len(codes) - 1))
            if characters:
                words.extend(PREFIX + code for code in codes)
                alone += len(codes)
    return words, alone


def _index_words(text: str) -> tuple[list[str], int]:
    text = normalise(text)
    words, alone = _plain_words(text, characters=True)
    if _DIGIT.search(text):
        words += _date_words(text, month_of_full=True)[0] + _phone_words(text)[0]
    return words, alone


def index_words(text: str) -> list[str]:
    """The words the index holds for a text: its pairs and characters, letters and digits, dates' and phones' words."""
    return _index_words(text)[0]


def index_counts(text: str) -> tuple[Counter[str], int]:
    """The words of index_words with their counts, and the text's length in words (its lone characters not counted)."""
    words, alone = _index_words(text)
    return Counter(words), len(words) - alone


def query_words(query: str) -> list[str]:
    """The words a query is searched as (all must be found): dates and phones whole, the rest cut like the index."""
    text = normalise(query)
    dates, text = _date_words(text, month_of_full=False)
    phones, text = _phone_words(text)
    return [*dates, *phones, *_plain_words(text)[0]]
