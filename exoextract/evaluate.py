"""Measures of extraction quality: reading order of text, and concepts scored against gold tables."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from difflib import SequenceMatcher
from pathlib import Path

from exoextract.records import ENTITY_TYPES

_WORD = re.compile(r"\w+", re.UNICODE)


def words(text: str) -> list[str]:
    """Lower-cased word tokens (punctuation and spacing do not count)."""
    return _WORD.findall(text.lower())


def in_order_recall(truth: str, text: str) -> float:
    """Share of the truth's words found in ``text`` in the same order (difflib matching blocks)."""
    expected, got = words(truth), words(text)
    if not expected:
        return 1.0
    matcher = SequenceMatcher(None, expected, got, autojunk=False)
    return sum(block.size for block in matcher.get_matching_blocks()) / len(expected)


def order_similarity(truth: str, text: str) -> float:
    """difflib ratio over lower-cased word sequences: 1.0 when identical."""
    return SequenceMatcher(None, words(truth), words(text), autojunk=False).ratio()


# --- concepts -------------------------------------------------------------------------------

CONCEPT_TYPES = ENTITY_TYPES


def fold_name(name: str) -> str:
    """Names match after lower-casing and folding white space and hyphens (ANNOTATION.md, Scoring)."""
    return re.sub(r"[\s\-\u2010-\u2015]+", "", str(name).lower())


def _ids(value) -> set[str]:
    return {part.strip() for part in str(value or "").split("|") if part.strip()}


def concepts_match(a: dict, b: dict) -> bool:
    if a["type"] != b["type"]:
        return False
    ids_a, ids_b = _ids(a.get("id")), _ids(b.get("id"))
    if ids_a and ids_b and ids_a & ids_b:
        return True
    return fold_name(a["name"]) == fold_name(b["name"])


@dataclass
class TypeScore:
    type: str
    tp_predicted: int
    predicted: int
    tp_gold: int
    gold: int
    false_positives: list[dict]
    false_negatives: list[dict]

    @property
    def precision(self) -> float:
        return self.tp_predicted / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.tp_gold / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def score_concepts(predicted: list[dict], gold: list[dict]) -> dict[str, TypeScore]:
    """Per type: a predicted concept is right when it matches a gold one; a gold one found when matched."""
    scores = {}
    for concept_type in CONCEPT_TYPES:
        pred = [p for p in predicted if p["type"] == concept_type]
        true = [g for g in gold if g["type"] == concept_type]
        fp = [p for p in pred if not any(concepts_match(p, g) for g in true)]
        fn = [g for g in true if not any(concepts_match(p, g) for p in pred)]
        scores[concept_type] = TypeScore(concept_type, len(pred) - len(fp), len(pred), len(true) - len(fn),
                                         len(true), fp, fn)
    return scores


def micro(scores: Iterable[TypeScore]) -> TypeScore:
    scores = list(scores)
    return TypeScore(
        "ALL", sum(s.tp_predicted for s in scores), sum(s.predicted for s in scores),
        sum(s.tp_gold for s in scores), sum(s.gold for s in scores), [], [],
    )


def evaluate_directory(out: Path, gold_root: Path) -> dict[str, dict[str, TypeScore]]:
    """Score ``out/concepts.tsv`` against ``gold_root/<doc_id>/concepts.tsv`` for every gold paper present."""
    from exoextract.tables import read_concepts

    concepts_file = out / "concepts.tsv" if out.is_dir() else out
    if not concepts_file.exists():
        raise FileNotFoundError(f"no concepts.tsv in {out}; run exoextract ingest first")
    predicted = read_concepts(concepts_file).to_dict("records")
    results = {}
    for gold_file in sorted(gold_root.glob("*/concepts.tsv")):
        doc_id = gold_file.parent.name
        mine = [p for p in predicted if p["doc_id"] == doc_id]
        if not mine and not any(p["doc_id"] == doc_id for p in predicted):
            continue
        results[doc_id] = score_concepts(mine, read_concepts(gold_file).to_dict("records"))
    return results
