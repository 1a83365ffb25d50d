"""Thai text clean-up for text extracted from PDFs and spreadsheets.

Pure functions only. The one judgement call lives in `repair_wraps`: a space that a PDF
left where it wrapped a table cell is removed when the words on both sides belong together.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from functools import lru_cache

THAI_DIGITS = "๐๑๒๓๔๕๖๗๘๙"

# Characters that PDF extraction and word processors leave behind and that a reader never sees.
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)
# Shifted and lowered Thai marks that Windows and Mac Thai fonts (TH SarabunPSK …) keep in the
# Private Use Area, U+F700–U+F71A; text extracted from their PDFs carries these code points.
_PRIVATE_USE_THAI = dict(
    zip(
        range(0xF700, 0xF71B),
        "\u0e10\u0e34\u0e35\u0e36\u0e37\u0e48\u0e49\u0e4a\u0e4b\u0e4c\u0e48\u0e49\u0e4a\u0e4b"
        "\u0e4c\u0e0d\u0e31\u0e4d\u0e47\u0e48\u0e49\u0e4a\u0e4b\u0e4c\u0e38\u0e39\u0e3a",
        strict=True,
    )
)
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u3000]+")
_THAI_CHAR = re.compile(r"[\u0e00-\u0e7f]")

# Prefixes that make a noun of the word after them: a line that ends with one was wrapped mid-word.
_BOUND_PREFIXES = ("การ", "ความ")


_THAI_DIGIT = re.compile("[\u0e50-\u0e59]")


def _arabic(match: re.Match[str]) -> str:
    return chr(ord(match.group()) - 0x0E50 + 0x30)


def to_arabic_digits(text: str) -> str:
    """Replace Thai digits ๐–๙ with 0–9."""
    # Not str.translate: on Thai text it looks up every character in the table (46 µs for a
    # report's title line); a search finds the few digits, if any, in a fraction of that.
    return _THAI_DIGIT.sub(_arabic, text) if _THAI_DIGIT.search(text) else text


def has_thai(text: str) -> bool:
    return _THAI_CHAR.search(text) is not None


# Anything fix_characters would change; most cells have none of it and skip the work.
_NEEDS_FIX = re.compile("[\u0e4d\u200b\u200c\u200d\u2060\ufeff\u00ad\r\uf700-\uf71a]|\u0e40\u0e40| +\u0e32")
_SARA_AM = re.compile("\u0e4d([\u0e48-\u0e4b]?)\u0e32")
_SARA_AM_SPACE = re.compile("([\u0e01-\u0e2e][\u0e48-\u0e4b]?) +\u0e32")
_BLANKS = re.compile(r"\s+")


def fix_characters(text: str) -> str:
    """Undo character-level extraction artefacts without changing what a reader sees.

    - decomposed sara am (nikhahit + sara aa, often with a tone mark between, or a space where
      the nikhahit was) becomes U+0E33;
    - Private Use Area copies of Thai marks (U+F700–U+F71A) become the marks;
    - two sara e typed for sara ae (เเ) becomes แ;
    - invisible characters are dropped and any run of blanks becomes one space.
    """
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    if not _NEEDS_FIX.search(text):
        return text
    text = text.translate(_INVISIBLE).translate(_PRIVATE_USE_THAI)
    # ํ + (optional tone mark) + า  →  (tone mark) + ำ ; the tone mark moves before sara am.
    text = _SARA_AM.sub("\\1\u0e33", text)
    # ำ whose nikhahit the PDF mapped to a space (ด าเนินการ): sara aa never begins a syllable.
    text = _SARA_AM_SPACE.sub("\\1\u0e33", text)
    text = text.replace("\u0e40\u0e40", "\u0e41")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def squash_spaces(text: str) -> str:
    """Collapse blanks and line breaks into single spaces and trim."""
    return _SPACES.sub(" ", text.replace("\n", " ")).strip()


@lru_cache(maxsize=100_000)
def compact(text: str) -> str:
    """Text with every blank removed: the key used to compare Thai labels that a PDF broke up.

    Cached: reports repeat the same labels (indicators, statuses, divisions) on every row.
    """
    return _BLANKS.sub("", fix_characters(text))


class WrapRepairer:
    """Removes spaces that a PDF inserted inside Thai words when it wrapped a cell.

    A space between two Thai letters is kept when the text around it splits into words
    exactly at the space, and removed when a dictionary word (the Thai dictionary plus the
    project's own terms, such as indicator names) would cross it, or when the text before
    it ends with a nominalising prefix such as การ. Decisions are cached per word pair,
    since reports repeat the same phrases many times.
    """

    def __init__(self, extra_words: Iterable[str] = ()) -> None:
        from pythainlp.corpus import thai_words
        from pythainlp.util import dict_trie

        words = set(thai_words())
        words.update(compact(w) for w in extra_words if w and has_thai(w))
        self._trie = dict_trie(words)
        self._joins = lru_cache(maxsize=200_000)(self._should_join)
        # The two sides of a space recur in many pairs (the same word before different wraps):
        # their word boundaries are worked out once, and only the joined text is new to a pair.
        self._bounds = lru_cache(maxsize=100_000)(self._word_bounds)
        # Whole cells repeat across reports (periods, statuses, divisions, indicator names).
        self._cells = lru_cache(maxsize=100_000)(self._repair)
        # The same as calling the repairer, without a Python call around the cache: for callers
        # that repair every cell of a national import.
        self.repair_cell: Callable[[str], str] = self._cells

    def _tokens(self, text: str) -> list[str]:
        from pythainlp.tokenize import word_tokenize

        return word_tokenize(text, custom_dict=self._trie, engine="newmm")

    def _word_bounds(self, text: str) -> frozenset[int]:
        return frozenset(_boundaries(self._tokens(text)))

    def _should_join(self, left: str, right: str) -> bool:
        left_bounds = self._bounds(left)
        right_bounds = self._bounds(right)
        position = 0
        for token in self._tokens(left + right):
            end = position + len(token)
            if position < len(left) < end:
                # A word across the space joins only if it also starts and ends where the
                # two sides already break into words; otherwise the tokenizer merely found a
                # different split (ปฏิบัติ|งานการ|ส่งเสริม) rather than a word cut in two.
                return position in left_bounds and end - len(left) in right_bounds
            if end == len(left):
                # The split is at a word boundary; join only after a dangling prefix (…การ ใช้).
                return token in _BOUND_PREFIXES
            position = end
        return False

    def __call__(self, text: str) -> str:
        """`text` with wrap spaces removed; expects text already through `fix_characters`."""
        return self._cells(text)

    def _repair(self, text: str) -> str:
        text = squash_spaces(text)
        if " " not in text or not has_thai(text):
            return text
        parts = text.split(" ")
        out = [parts[0]]
        for part in parts[1:]:
            left = out[-1]
            if (
                left
                and part
                and _is_thai_letter(left[-1])
                and _is_thai_letter(part[0])
                and self._joins(_thai_tail(left), _thai_head(part))
            ):
                out[-1] = left + part
            else:
                out.append(part)
        return " ".join(out)


def _is_thai_letter(char: str) -> bool:
    # ฯ and ๆ are written after a space on purpose (อื่น ๆ), so they never join.
    return "\u0e01" <= char <= "\u0e4e" and char not in "\u0e2f\u0e3f\u0e46\u0e4f"


def _boundaries(tokens: list[str]) -> set[int]:
    bounds, position = {0}, 0
    for token in tokens:
        position += len(token)
        bounds.add(position)
    return bounds


def _thai_tail(text: str) -> str:
    match = re.search(r"[\u0e01-\u0e4e]+$", text)
    return match.group(0) if match else ""


def _thai_head(text: str) -> str:
    match = re.match(r"[\u0e01-\u0e4e]+", text)
    return match.group(0) if match else ""
