"""The guideline's outcome vocabulary (package data), with GO and MeSH names for its identifiers."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator

from exoextract.kb.concepts import Concept
from exoextract.kb.sources.files import SourceFile
from exoextract.kb.sources.mesh import Descriptor, labels


def read_outcome_table(source: SourceFile) -> list[dict[str, str]]:
    """``name, id, variants`` rows; lines starting with ``#`` are comments."""
    text = "".join(
        line for line in source.path.read_text(encoding="utf-8").splitlines(keepends=True) if not line.startswith("#")
    )
    return list(csv.DictReader(io.StringIO(text), delimiter="\t"))


def outcomes(source: SourceFile, go: SourceFile, mesh: list[Descriptor]) -> Iterator[Concept]:
    """One concept per outcome, with its GO or MeSH labels and synonyms as aliases."""
    rows = read_outcome_table(source)
    wanted = {row["id"] for row in rows if row["id"]}
    everywhere = {v.lower() for row in rows for v in [row["name"], *row["variants"].split("|")] if v}
    names: dict[str, list[str]] = {}
    for term in json.loads(go.path.read_text(encoding="utf-8")):
        if term["id"] in wanted:
            names.setdefault(term["id"], []).extend([term["name"], *term.get("synonyms", [])])
    names.update(labels(mesh, wanted))
    for row in rows:
        concept = Concept(row["id"], row["name"], "OUTCOME", "outcomes")
        concept.aliases.append((row["name"], "name"))
        variants = [v for v in row["variants"].split("|") if v]
        concept.aliases += [(v, "synonym") for v in variants]
        concept.aliases += [(form, "synonym") for form in _prefixed_adjectives(variants, everywhere)]
        concept.aliases += [(form, "synonym") for form in _spelled_prefixes([row["name"], *variants], everywhere)]
        concept.aliases += [(form, "synonym") for form in _cancer_for_tumor([row["name"], *variants], everywhere)]
        source_name = "go" if row["id"].startswith("GO:") else "mesh"
        concept.aliases += [(text, f"{source_name}_synonym") for text in names.get(row["id"], [])]
        yield concept


ADJECTIVE_SUFFIXES = ("ic", "ive", "ory", "al")


def _prefixed_adjectives(variants: list[str], written: set[str]) -> list[str]:
    """``metastatic`` is also written ``pro-metastatic`` and ``anti-metastatic`` (the guideline lists
    ``pro-inflammatory`` and ``anti-inflammatory`` under inflammation): one concept, the direction is the
    relation's. A form the vocabulary gives another outcome (``anti-apoptotic``) is left to it."""
    out = []
    for variant in variants:
        if " " in variant or "-" in variant or not variant.lower().endswith(ADJECTIVE_SUFFIXES):
            continue
        for prefix in ("pro-", "anti-"):
            if prefix + variant.lower() not in written:
                out.append(prefix + variant)
    return out


COMBINING_FORMS = {"chemo": "chemotherapy", "radio": "radiotherapy", "immuno": "immune"}


def _spelled_prefixes(forms: list[str], written: set[str]) -> list[str]:
    """``chemoresistance`` is also written ``chemotherapy resistance``: a combining form before a noun
    spelled out as the word it stands for."""
    out = []
    for form in forms:
        for short, long in COMBINING_FORMS.items():
            rest = form[len(short):]
            if form.lower().startswith(short) and " " not in form and len(rest) > 4 and rest.isalpha():
                spelled = f"{long} {rest}"
                if spelled.lower() not in written:
                    out.append(spelled)
    return out


def _cancer_for_tumor(forms: list[str], written: set[str]) -> list[str]:
    """``tumor progression`` is also written ``cancer progression``: as the modifier of an outcome, cancer
    and tumour name the same thing."""
    out = []
    for form in forms:
        for word in ("tumor ", "tumour "):
            if form.lower().startswith(word):
                spelled = "cancer " + form[len(word):]
                if spelled.lower() not in written:
                    out.append(spelled)
    return out
