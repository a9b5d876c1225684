"""miRNA names by the naming grammar, lists included; the miRBase id when exactly one precursor fits.

``miR-17/92`` is a list by the grammar, but HGNC knows it as the name of a
cluster's host gene (MIR17HG): a slash pair HGNC names so is the cluster
``miR-17-92``, while ``miR-15/107`` stays two miRNAs.
"""

from __future__ import annotations

import re

from exoextract.kb.mirna import MirnaName, find_all
from exoextract.nlp.entities.context import Found, PaperContext

HOST_GENE = re.compile(r"^MIR\d+[A-Z]?HG$")


def find_mirnas(paper: PaperContext) -> list[Found]:
    out = []
    for start, end, name in _clusters(paper, find_all(paper.text)):
        identifier = ""
        if not name.cluster:
            # the grammar looks up precursors of the named species (human when none is written)
            key = f"{name.species + '-' if name.species else ''}{name.canonical}"
            precursors = paper.kb.lookup(key, ["MIRNA"])
            if len(precursors) == 1 and precursors[0].id.startswith("miRBase:"):
                identifier = precursors[0].id
        out.append(Found(start, end, "MIRNA", identifier, name.canonical, "mirna_grammar"))
    return out


def _clusters(paper: PaperContext, found: list[tuple[int, int, MirnaName]]) -> list[tuple[int, int, MirnaName]]:
    """Slash pairs that HGNC names as a miRNA host gene, joined into that cluster."""
    text, out, index = paper.text, [], 0
    while index < len(found):
        start, end, name = found[index]
        if index + 1 < len(found) and not name.cluster and text[end : found[index + 1][0]] == "/":
            next_end = found[index + 1][1]
            alone = (index + 2 >= len(found) or found[index + 2][0] - next_end > 2) and text[start - 1 : start] != "/"
            hosts = [c for c in paper.kb.lookup(text[start:next_end], ["MARKER"]) if HOST_GENE.match(c.name)]
            if alone and hosts:
                second = found[index + 1][2]
                out.append((start, next_end, MirnaName(name.kind, name.number, name.letter,
                                                       cluster=f"{second.number}{second.letter}")))
                index += 2
                continue
        out.append((start, end, name))
        index += 1
    return out
