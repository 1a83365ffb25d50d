"""ita/present/labels.py: strict under test, and every label in its tables is used by the product."""

import re

import pytest

from ita.present import labels

from conftest import REPO

# Where the product asks for labels: its code, its page scripts and its report templates.
SOURCES = [*(REPO / "ita").rglob("*.py"), *(REPO / "ita").rglob("*.html"), *(REPO / "pages").glob("*.py"),
           REPO / "dashboard.py"]
# A key built at run time: t(f"status_{…}") or t("change_" + c); the family is its prefix.
DYNAMIC = re.compile(r"\b(?:t|tr)\(\s*(?:f[\"']([a-z_]+)\{|[\"']([a-z_]+_)[\"']\s*\+)")


def _product_text() -> str:
    texts = []
    for path in SOURCES:
        text = path.read_text(encoding="utf-8")
        if path.name == "labels.py" and path.parent.name == "present":
            # the tables themselves do not count as a use; the helpers below them do
            text = text[text.index("\ndef t("):]
        texts.append(text)
    return "\n".join(texts)


def test_an_unknown_key_raises_under_test_and_falls_back_to_the_key_in_production(monkeypatch):
    with pytest.raises(KeyError, match="no_such_label"):
        labels.t("no_such_label")
    monkeypatch.setattr(labels, "STRICT", False)
    assert labels.t("no_such_label", "en") == "no_such_label"


def test_every_label_is_in_both_languages():
    for key, pair in labels._TEXT.items():
        assert len(pair) == 2 and all(text.strip() for text in pair), key


def test_every_label_key_is_used_by_the_product():
    text = _product_text()
    prefixes = {a or b for a, b in DYNAMIC.findall(text)}
    assert prefixes, "no dynamic key families found: the pattern no longer matches the code"
    unused = [key for key in labels._TEXT
              if f'"{key}"' not in text and f"'{key}'" not in text and not key.startswith(tuple(prefixes))]
    assert unused == [], f"labels nobody asks for (remove them from ita/present/labels.py): {unused}"


def test_division_names_are_english_in_english_where_the_reference_table_knows_them():
    assert labels.division_label("สำนักปลัด", False, "en") == "Office of the Permanent Secretary"
    assert labels.division_label("กองคลัง", False, "en") == "Finance Division"
    assert labels.division_label("หน่วยตรวจสอบภายใน", False, "en") == "Internal Audit Unit"
    assert labels.division_label("สำนักปลัด", False, "th") == "สำนักปลัด"
    # A division the table does not know keeps its Thai name: no made-up transliteration.
    assert labels.division_label("กองการประปา", False, "en") == "กองการประปา"
    assert labels.division_label("ทุกสำนัก/กอง", True, "en") == labels.t("shared_division", "en")
    assert labels.division_label("", False, "en") == labels.t("unassigned_division", "en")


def test_every_known_division_and_section_has_an_english_name():
    import csv

    with (REPO / "data" / "reference" / "divisions.csv").open(encoding="utf-8") as handle:
        known = [row["name"] for row in csv.DictReader(handle) if row["kind"] != "shared"]
    english = labels.division_names_en()
    assert [name for name in known if name not in english] == []
    assert all(re.fullmatch(r"[A-Za-z ,()]+", name) for name in english.values())
