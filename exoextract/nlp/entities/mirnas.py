"""miRNA names by the naming grammar, lists included; the miRBase id when exactly one precursor fits.

``miR-17/92`` is a list by the grammar, but HGNC knows it as the name of a
cluster's host gene (MIR17HG): a slash pair HGNC names so is the cluster
``miR-17-92``, while ``miR-15/107`` stays two miRNAs. A slash group the paper
calls a cluster, group or family (``the miR-15/107 group``, ``the microRNA
cluster miR-29a/b-1``) is one name too: the contract's miRNA family or cluster,
everywhere the paper writes it.
"""

from __future__ import annotations

import re
from dataclasses import replace

from exoextract.kb.mirna import MirnaName, find_all
from exoextract.nlp.entities.context import Found, PaperContext

HOST_GENE = re.compile(r"^MIR\d+[A-Z]?HG$")
# what a paper calls a named set of miRNAs, written after its name ("miR-15/107 group") or before it
GROUP_AFTER = re.compile(r"\s+(?:clusters?|polycistrons?|group|family|families)\b")
GROUP_BEFORE = re.compile(r"\bcluster\s+$")


def find_mirnas(paper: PaperContext) -> list[Found]:
    out = []
    for start, end, name in _clusters(paper, find_all(paper.text)):
        identifier = ""
        if not name.cluster and not name.group:
            # the grammar looks up precursors of the named species (human when none is written)
            key = f"{name.species + '-' if name.species else ''}{name.canonical}"
            precursors = paper.kb.lookup(key, ["MIRNA"])
            if len(precursors) == 1 and precursors[0].id.startswith("miRBase:"):
                identifier = precursors[0].id
        out.append(Found(start, end, "MIRNA", identifier, name.canonical, "mirna_grammar"))
    return out


def _clusters(paper: PaperContext, found: list[tuple[int, int, MirnaName]]) -> list[tuple[int, int, MirnaName]]:
    """Slash pairs that HGNC names as a miRNA host gene, joined into that cluster; slash groups the paper
    calls a cluster, group or family, joined into one name."""
    text, out, index = paper.text, [], 0
    groups = _slash_groups(text, found)
    spans = [(found[first][0], found[last][1]) for first, last in groups.items()]
    named = {text[start:end] for start, end in spans if _called_a_set(text, start, end)}  # as written, paper-wide
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
        last = groups.get(index, index)
        if last > index and text[start : found[last][1]] in named:
            out.append((start, found[last][1], replace(name, group=text[end : found[last][1]])))
            index = last + 1
            continue
        out.append((start, end, name))
        index += 1
    return out


def _slash_groups(text: str, found: list[tuple[int, int, MirnaName]]) -> dict[int, int]:
    """First and last item of every slash group (``miR-15/107``, ``miR-29a/b-1``, ``miR-15a/-16``: later
    members written without a prefix), by the index of its first item; an item inside a longer group starts
    none."""
    groups, index = {}, 0
    while index < len(found):
        last = index
        while last + 1 < len(found) and text[found[last][1] : found[last + 1][0]] in ("/", "/-") and \
                not _prefixed(text[found[last + 1][0] : found[last + 1][1]]):
            last += 1
        if last > index and text[found[index][0] - 1 : found[index][0]] != "/":
            groups[index] = last
        index = last + 1
    return groups


def _called_a_set(text: str, start: int, end: int) -> bool:
    """Whether the text calls the group at ``[start, end)`` a cluster, group or family right there."""
    return bool(GROUP_AFTER.match(text, end) or GROUP_BEFORE.search(text, max(0, start - 12), start))


def _prefixed(name: str) -> bool:
    """Whether a name is written whole (``miR-452``), not as a member number or letter (``107``, ``b``)."""
    return len(name) > 1 and name[:2].isalpha()
