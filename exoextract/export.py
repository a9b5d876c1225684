"""Exchange formats the field reads: BioC (JSON and XML, with the ``bioc`` package) and PubTator.

One BioC document per paper, one passage per block of the clean text (its
kind and section as infons, its offset in the clean text), one annotation per
mention (type, identifier, canonical name), one relation per claim with its
roles and flags. PubTator keeps the clean text's offsets too: the title line
is the first block, and the rest follows with line breaks as spaces.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

import bioc
from bioc import biocjson, biocxml, pubtator

from exoextract.records import PaperResult

EXPORT_FORMATS = {"bioc": "collection.bioc.json", "bioc-xml": "collection.bioc.xml", "pubtator": "collection.pubtator"}
SOURCE = "exoextract"


def bioc_collection(results: Iterable[PaperResult]) -> bioc.BioCCollection:
    """Every paper as a BioC document, in the order given."""
    collection = bioc.BioCCollection()
    collection.source = SOURCE
    collection.date = ""  # no timestamp: two runs on the same papers give the same bytes
    collection.key = "exoextract.key"  # the infon keys: type, identifier, name; kind, section; flags
    for result in results:
        collection.add_document(bioc_document(result))
    return collection


def bioc_document(result: PaperResult) -> bioc.BioCDocument:
    document = result.document
    out = bioc.BioCDocument()
    out.id = document.doc_id
    out.infons.update({"source": document.source, "sha256": document.sha256, "pages": str(document.pages)})
    mentions = sorted(result.mentions, key=lambda m: (m.start, m.end, m.type))
    number_of = {}
    for block in document.blocks:
        passage = bioc.BioCPassage()
        passage.offset = block.start
        passage.text = document.text[block.start : block.end]
        passage.infons.update({"type": block.kind, "section": block.section, "page": str(block.page)})
        for mention in mentions:
            if block.start <= mention.start < block.end:
                annotation = bioc.BioCAnnotation()
                annotation.id = f"T{len(number_of) + 1}"
                number_of[(mention.start, mention.end, mention.type)] = annotation.id
                annotation.text = mention.text
                annotation.infons.update({"type": mention.type, "identifier": mention.id, "name": mention.name,
                                          "method": mention.method})
                annotation.add_location(bioc.BioCLocation(mention.start, mention.end - mention.start))
                passage.add_annotation(annotation)
        out.add_passage(passage)
    for number, relation in enumerate(result.relations, start=1):
        item = bioc.BioCRelation()
        item.id = f"R{number}"
        item.infons.update({
            "type": relation.predicate, "subject": relation.subject_name, "object": relation.object_name,
            "hedged": str(relation.hedged).lower(), "negated": str(relation.negated).lower(),
            "evidence": relation.evidence,
        })
        item.add_node(bioc.BioCNode(f"{relation.subject_type}:{relation.subject_id or relation.subject_name}",
                                    "subject"))
        item.add_node(bioc.BioCNode(f"{relation.object_type}:{relation.object_id or relation.object_name}", "object"))
        out.add_relation(item)
    return out


def pubtator_documents(results: Iterable[PaperResult]) -> list[pubtator.PubTator]:
    """PubTator documents: the first block is the title, the rest the abstract (line breaks as spaces).

    PubTator counts offsets in ``title + one separator + abstract``; the clean
    text has two characters (a blank line) there, so offsets after the title
    are the clean-text offsets minus one (:func:`clean_offset` maps them back).
    A mention without an identifier has ``-`` in the identifier column.
    """
    out = []
    for result in results:
        text = result.document.text
        cut = title_end(text)
        title = text[:cut].replace("\n", " ").replace("\t", " ")
        abstract = text[cut + 2 :].replace("\n", " ").replace("\t", " ")
        item = pubtator.PubTator(result.doc_id, title, abstract)
        for mention in sorted(result.mentions, key=lambda m: (m.start, m.end, m.type)):
            shift = 1 if mention.start > cut else 0
            item.add_annotation(pubtator.PubTatorAnn(result.doc_id, mention.start - shift, mention.end - shift,
                                                     mention.text.replace("\t", " "), mention.type, mention.id or "-"))
        for relation in result.relations:
            item.add_relation(pubtator.PubTatorRel(
                result.doc_id, relation.predicate, relation.subject_id or relation.subject_name,
                relation.object_id or relation.object_name))
        out.append(item)
    return out


def title_end(text: str) -> int:
    """Where the first block (PubTator's title) ends: the first blank line, or the end of the text."""
    cut = text.find("\n\n")
    return len(text) if cut < 0 else cut


def clean_offset(text: str, offset: int) -> int:
    """A PubTator offset of this text back to its clean-text offset."""
    cut = title_end(text)
    return offset + 1 if cut < len(text) and offset > cut else offset


def write_export(results: list[PaperResult], out: Path, fmt: str) -> Path:
    """Write the collection in ``fmt`` (bioc, bioc-xml or pubtator) to ``out``; temporary name, then rename."""
    path = out / EXPORT_FORMATS[fmt]
    if fmt == "pubtator":
        text = pubtator.dumps(pubtator_documents(results))
    elif fmt == "bioc":
        text = biocjson.dumps(bioc_collection(results), indent=1)
    else:
        text = biocxml.dumps(bioc_collection(results), pretty_print=True)
    out.mkdir(parents=True, exist_ok=True)
    partial = out / f".{path.name}.tmp{os.getpid()}"
    partial.write_text(text, encoding="utf-8")
    partial.replace(path)
    return path
