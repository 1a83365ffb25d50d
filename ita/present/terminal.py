"""Text bound for a terminal, made safe: control characters shown as escapes, never obeyed.

File names, organisation names and notes come from the files people import. An ESC in one would
recolour or rewrite the operator's terminal, and a newline would split a one-line message in two
(a forged second line). Every line the command line prints goes through `terminal_line`.
"""

from __future__ import annotations

import re

# C0 and C1 controls and DEL, the Unicode line and paragraph separators, and the bidirectional
# overrides and isolates (they reorder what follows them on screen). Thai needs none of these.
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    if char in _NAMED:
        return _NAMED[char]
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def terminal_line(text: object) -> str:
    """`text` as one line a terminal shows literally: `\\x1b` for ESC, `\\n` for a newline."""
    return _UNSAFE.sub(_escape, str(text))



def json_line(text: str) -> str:
    """A line of `json.dumps` output made as safe, and still JSON: what JSON leaves unescaped (DEL,
    C1 controls, separators, bidirectional controls) becomes a `\\u` escape, which JSON reads back."""
    return _UNSAFE.sub(lambda match: f"\\u{ord(match.group()):04x}", text)
