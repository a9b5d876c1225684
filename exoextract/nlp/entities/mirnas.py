"""miRNA names by the naming grammar, lists included; the miRBase id when exactly one precursor fits."""

from __future__ import annotations

from exoextract.kb.mirna import find_all
from exoextract.nlp.entities.context import Found, PaperContext


def find_mirnas(paper: PaperContext) -> list[Found]:
    out = []
    for start, end, name in find_all(paper.text):
        identifier = ""
        if not name.cluster:
            # the grammar looks up precursors of the named species (human when none is written)
            key = f"{name.species + '-' if name.species else ''}{name.canonical}"
            precursors = paper.kb.lookup(key, ["MIRNA"])
            if len(precursors) == 1 and precursors[0].id.startswith("miRBase:"):
                identifier = precursors[0].id
        out.append(Found(start, end, "MIRNA", identifier, name.canonical, "mirna_grammar"))
    return out
