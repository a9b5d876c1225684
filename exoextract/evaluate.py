"""Measures of extraction quality: reading order of text, concepts and relations scored against gold tables."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from difflib import SequenceMatcher
from pathlib import Path

from exoextract.records import ENTITY_TYPES, PREDICATES

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


# --- relations ------------------------------------------------------------------------------


def _end(row: dict, side: str) -> dict:
    return {"type": row[f"{side}_type"], "id": row.get(f"{side}_id", ""), "name": row[f"{side}_name"]}


def relations_match(a: dict, b: dict) -> bool:
    """Same predicate, and both ends match as concepts (ANNOTATION.md, Scoring)."""
    return (a["predicate"] == b["predicate"] and concepts_match(_end(a, "subject"), _end(b, "subject"))
            and concepts_match(_end(a, "object"), _end(b, "object")))


def with_gold_ids(relations: list[dict], concepts: list[dict]) -> list[dict]:
    """Gold relations name their ends; their identifiers come from the paper's gold concepts."""
    ids = {(c["type"], fold_name(c["name"])): c.get("id", "") for c in concepts}
    out = []
    for row in relations:
        row = dict(row)
        for side in ("subject", "object"):
            row.setdefault(f"{side}_id", ids.get((row[f"{side}_type"], fold_name(row[f"{side}_name"])), ""))
        out.append(row)
    return out


@dataclass
class RelationScore:
    """Relations of one paper (or summed): per predicate P/R/F1, and the flags of matched relations."""

    predicates: dict[str, TypeScore]
    matched: int
    hedged_right: int
    negated_right: int
    flags_wrong: list[tuple[dict, dict]]

    @property
    def hedged_accuracy(self) -> float:
        return self.hedged_right / self.matched if self.matched else 0.0

    @property
    def negated_accuracy(self) -> float:
        return self.negated_right / self.matched if self.matched else 0.0

    @property
    def flag_accuracy(self) -> float:
        """Share of matched relations whose two flags are both right."""
        return (self.matched - len(self.flags_wrong)) / self.matched if self.matched else 0.0


def _flag(value) -> bool:
    return str(value).strip().lower() == "true"


def score_relations(predicted: list[dict], gold: list[dict]) -> RelationScore:
    """A predicted triple is right when it matches a gold one; flags are compared on matched pairs."""
    predicates = {}
    matched = hedged_right = negated_right = 0
    wrong: list[tuple[dict, dict]] = []
    for predicate in PREDICATES:
        pred = [p for p in predicted if p["predicate"] == predicate]
        true = [g for g in gold if g["predicate"] == predicate]
        fp = [p for p in pred if not any(relations_match(p, g) for g in true)]
        fn = []
        for g in true:
            mine = next((p for p in pred if relations_match(p, g)), None)
            if mine is None:
                fn.append(g)
                continue
            matched += 1
            hedged_ok = _flag(mine["hedged"]) == _flag(g["hedged"])
            negated_ok = _flag(mine["negated"]) == _flag(g["negated"])
            hedged_right += hedged_ok
            negated_right += negated_ok
            if not (hedged_ok and negated_ok):
                wrong.append((mine, g))
        predicates[predicate] = TypeScore(predicate, len(pred) - len(fp), len(pred), len(true) - len(fn),
                                          len(true), fp, fn)
    return RelationScore(predicates, matched, hedged_right, negated_right, wrong)


def sum_relations(scores: Iterable[RelationScore]) -> RelationScore:
    scores = list(scores)
    predicates = {p: micro(s.predicates[p] for s in scores) for p in PREDICATES}
    for predicate, score in predicates.items():
        score.type = predicate
    return RelationScore(predicates, sum(s.matched for s in scores), sum(s.hedged_right for s in scores),
                         sum(s.negated_right for s in scores), [w for s in scores for w in s.flags_wrong])


@dataclass
class PaperScore:
    """Concepts per type and relations of one paper."""

    concepts: dict[str, TypeScore]
    relations: RelationScore | None  # None when the gold paper has no relations table


def evaluate_directory(out: Path, gold_root: Path) -> dict[str, PaperScore]:
    """Score ``out/concepts.tsv`` and ``out/relations.tsv`` against ``gold_root/<doc_id>/`` for every gold
    paper present in ``out``."""
    from exoextract.tables import read_table

    folder = out if out.is_dir() else out.parent
    concepts_file = folder / "concepts.tsv"
    if not concepts_file.exists():
        raise FileNotFoundError(f"no concepts.tsv in {out}; run exoextract ingest first")
    predicted = read_table(concepts_file).to_dict("records")
    relations_file = folder / "relations.tsv"
    predicted_relations = read_table(relations_file).to_dict("records") if relations_file.exists() else []
    results = {}
    documents_file = folder / "documents.tsv"
    present = ({d["doc_id"] for d in read_table(documents_file).to_dict("records")} if documents_file.exists()
               else {p["doc_id"] for p in predicted})
    for gold_file in sorted(gold_root.glob("*/concepts.tsv")):
        doc_id = gold_file.parent.name
        if doc_id not in present:
            continue
        gold_concepts = read_table(gold_file).to_dict("records")
        concepts = score_concepts([p for p in predicted if p["doc_id"] == doc_id], gold_concepts)
        relations = None
        gold_relations_file = gold_file.parent / "relations.tsv"
        if gold_relations_file.exists():
            gold_relations = with_gold_ids(read_table(gold_relations_file).to_dict("records"), gold_concepts)
            relations = score_relations([r for r in predicted_relations if r["doc_id"] == doc_id], gold_relations)
        results[doc_id] = PaperScore(concepts, relations)
    return results


# --- the report ``exoextract eval`` prints ----------------------------------------------------------


def _score_line(label: str, score: TypeScore) -> str:
    return (f"{label:<10} {score.precision:>6.3f} {score.recall:>6.3f} {score.f1:>6.3f} "
            f"{score.tp_predicted:>4}/{score.predicted:<4} {score.tp_gold:>4}/{score.gold:<4}")


HEADER = f"{'':<10} {'P':>6} {'R':>6} {'F1':>6} {'tp/pred':>9} {'tp/gold':>9}"


def concept_totals(results: dict[str, PaperScore]) -> dict[str, TypeScore]:
    return {t: micro(r.concepts[t] for r in results.values()) for t in CONCEPT_TYPES}


def relation_totals(results: dict[str, PaperScore]) -> RelationScore | None:
    scored = [r.relations for r in results.values() if r.relations is not None]
    return sum_relations(scored) if scored else None


def _relation_text(row: dict) -> str:
    flags = "".join(flag for flag, column in (("H", "hedged"), ("N", "negated")) if _flag(row.get(column)))
    return (f"{row['subject_type']}:{row['subject_name']} {row['predicate']} {row['object_type']}:{row['object_name']}"
            f"{' [' + flags + ']' if flags else ''}")


def error_lines(doc_id: str, score: PaperScore) -> list[str]:
    """False positives and negatives of one paper; relations with their evidence sentence."""
    lines = [f"== {doc_id}"]
    for type_score in score.concepts.values():
        for label, rows in (("FP", type_score.false_positives), ("FN", type_score.false_negatives)):
            for row in rows:
                identifier, example = row.get("id") or "-", row.get("example", "")
                lines.append(f"  {label} {type_score.type:<9} {identifier:<22} {row['name']}  ({example})")
    if score.relations is not None:
        for predicate_score in score.relations.predicates.values():
            for label, rows in (("FP", predicate_score.false_positives), ("FN", predicate_score.false_negatives)):
                for row in rows:
                    lines.append(f"  {label} relation {_relation_text(row)}")
                    lines.append(f"       evidence: {row.get('evidence', '')}")
        for mine, gold in score.relations.flags_wrong:
            lines.append(f"  FLAG {_relation_text(mine)}  (gold: {_relation_text(gold)})")
            lines.append(f"       evidence: {mine.get('evidence', '')}")
    return lines


def report_lines(results: dict[str, PaperScore], errors: bool = False) -> list[str]:
    """Concepts per type and micro; relations per predicate, micro and flag accuracy."""
    lines = [line for doc_id, score in results.items() for line in error_lines(doc_id, score)] if errors else []
    concepts = concept_totals(results)
    lines += [HEADER.replace(" " * 10, f"{'type':<10}", 1)]
    lines += [_score_line(t, s) for t, s in concepts.items()]
    lines.append(_score_line("micro", micro(concepts.values())))
    relations = relation_totals(results)
    if relations is not None:
        lines += ["", HEADER.replace(" " * 10, f"{'relation':<10}", 1)]
        lines += [_score_line(p, s) for p, s in relations.predicates.items()]
        lines.append(_score_line("micro", micro(relations.predicates.values())))
        lines.append(f"flags over {relations.matched} matched relations: hedged {relations.hedged_accuracy:.3f}, "
                     f"negated {relations.negated_accuracy:.3f}, both {relations.flag_accuracy:.3f}")
    return lines
