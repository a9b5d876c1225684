"""The miRNA naming grammar: ``miR-21``, ``miR-21-5p``, ``hsa-miR-21``, ``microRNA-21``, ``mir-21``,
``let-7a``, ``miR-17~92`` / ``miR-17-92`` clusters, ``miR-200 family``.

Canonical names drop the species and keep the letter and arm only where
written (``miR-146a-5p``); precursor keys find the human miRBase precursors
a name can stand for.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

MIRNA_PATTERN = re.compile(
    r"""
    (?:(?<![\w-])|(?<=--)|(?<=[Pp]re-)|(?<=[Pp]ri-)|(?<=[Aa]nti-)|(?<=[Pp]re))  # "--" is PubMed's ASCII dash
    (?:(?!(?:pre|pri|anti)-)(?P<species>[a-z]{3,4})-)?
    (?P<prefix>[Mm]icro[\s-]?RNA|MicroRNA|[Mm]iRNA|miRs|miR|mir|MiR|MIR|Mir|let|Let|LET|lin|Lin)
    (?:\s\((?:miRNA|miR)\))?  # the short form defined on the way: "microRNA (miRNA)-146a"
    (?P<separator>\s?-\s?|\s)?
    (?P<number>\d{1,5})
    (?P<letter>[a-z]{1,2}(?![a-z]))?
    (?:-(?P<locus>\d)(?!\d)|(?<=[a-z])(?P<tight_locus>\d)(?![\d\w]))?  # miR-26a-2, miR-26a2
    (?:
        -(?P<arm>[35]p)(?![\w])
      | (?:(?:[~\u223c\u2013-]|\sapproximately\s(?=\d{1,5}[a-z]?(?![\w.%-]|\s(?:fold|times)\b)))  # PubMed's ~
         (?P<cluster>\d{1,5}[a-z]?)(?:[~\u223c\u2013-]\d{1,5}[a-z]?(?:-\d)?)*)
      | (?P<star>\*)
    )?
    (?:-(?P<arm2>[35]p))?
    (?![\w])
    """,
    re.VERBOSE,
)
_FAMILY = re.compile(r"\s+(?:family|cluster)\b", re.IGNORECASE)


@dataclass(frozen=True)
class MirnaName:
    """A parsed miRNA name."""

    kind: str  # "miR" or "let" (or "lin")
    number: str
    letter: str = ""
    locus: str = ""
    arm: str = ""
    cluster: str = ""
    species: str = ""
    group: str = ""  # the rest of a slash group the paper names as one ("/107" of "miR-15/107 group")

    @property
    def canonical(self) -> str:
        """``miR-146a-5p``, ``let-7a``, ``miR-17-92``: no species, letter and arm as written."""
        if self.cluster:
            return f"miR-{self.number}{self.letter}-{self.cluster}"
        name = f"{self.kind}-{self.number}{self.letter}"
        if self.group:
            return name + self.group
        if self.arm == "*":
            return name + "*"
        return f"{name}-{self.arm}" if self.arm else name

    @property
    def family_key(self) -> tuple[str, str, str]:
        """What identifies the precursors: kind, number and letter (arm and locus do not)."""
        return (self.kind, self.number, self.letter)


def parse(text: str) -> MirnaName | None:
    """Parse a whole string as one miRNA name, or return None."""
    text = _FAMILY.sub("", text.strip())
    match = MIRNA_PATTERN.fullmatch(text)
    return from_match(match) if match else None


def from_match(match: re.Match) -> MirnaName | None:
    prefix = match.group("prefix").lower()
    if prefix.startswith("let"):
        kind = "let"
    elif prefix.startswith("lin"):
        kind = "lin"
    else:
        kind = "miR"
    if (kind == "miR" and match.group("prefix") in ("MIR", "Mir") and not match.group("species")
            and not (match.group("separator") or "").strip()):
        return None  # MIR21 is an HGNC gene symbol, which the KB's alias index resolves; Mir-155 is the miRNA
    arm = match.group("arm") or match.group("arm2") or ""
    if match.group("star"):
        arm = "*"  # the minor (star) strand; which arm it is depends on the miRNA
    species = match.group("species") or ""
    if species in ("pre", "pri"):
        species = ""
    return MirnaName(
        kind=kind,
        number=match.group("number"),
        letter=match.group("letter") or "",
        locus=match.group("locus") or match.group("tight_locus") or "",
        arm=arm,
        cluster=match.group("cluster") or "",
        species=species,
    )


_CONTINUATION = re.compile(
    r"\s*(?:/|,\s*(?:and\s+|or\s+)?|\s(?:and|or)\s)\s*"
    r"(?:(?P<dash>-\s?)?(?P<number>\d{1,5})(?P<letter>[a-z]{1,2}(?![a-z]))?(?:-(?P<locus>\d)(?!\d))?(?:-(?P<arm>[35]p))?"
    r"|(?P<only_letter>[a-z])(?:-(?P<letter_locus>\d))?)(?![\w~-])"
)


_ARTICLE = re.compile(r"a\s+[a-z]")


# Where a name's prefix is written (a superset of the pattern's prefixes). A name starts there or at its species,
# four or five characters before (``hsa-miR``); no prefix begins inside another's letters, so these
# non-overlapping hits find every one.
_PREFIX_HERE = re.compile(r"[Mm]icro|[Mm]i[Rr]|MIR|[Ll]et|LET|[Ll]in")


def _names(text: str) -> Iterator[re.Match]:
    """``MIRNA_PATTERN.finditer(text)``, tried only where a prefix is written: the pattern opens with
    look-behinds and an optional species, so a plain scan tries it at every character."""
    position = 0
    for prefix in _PREFIX_HERE.finditer(text):
        at = prefix.start()
        for start in (at - 5, at - 4, at):
            if start >= position and (match := MIRNA_PATTERN.match(text, start)) is not None:
                yield match
                position = match.end()
                break


def find_all(text: str) -> list[tuple[int, int, MirnaName]]:
    """Every miRNA name in running text with its span, lists included: ``miR-221/222``,
    ``miR-34a/b/c`` and ``miR-21, 155 and 146a`` name three miRNAs each."""
    found = []
    for match in _names(text):
        name = from_match(match)
        if name is None:
            continue
        found.append((match.start(), match.end(), name))
        if name.cluster:
            continue
        position, previous = match.end(), name
        while (item := _CONTINUATION.match(text, position)) is not None:
            if item.group("only_letter"):
                article = _ARTICLE.match(text, item.start("only_letter")) and "/" not in item.group()
                if not previous.letter or article:
                    break  # "miR-34a, a microRNA up-regulated in ...": the article, not miR-34a's sibling
                following = MirnaName(previous.kind, previous.number, item.group("only_letter"),
                                      item.group("letter_locus") or "", species=previous.species)
                start = item.start("only_letter")
            else:
                bare = not (item.group("letter") or item.group("arm") or item.group("dash")) and "/" not in item.group()
                if bare and not 2 <= len(item.group("number")) <= 3:
                    break  # "miR-21 and 5 patients", "... and 2009": a lone number is not a miRNA
                following = MirnaName(previous.kind, item.group("number"), item.group("letter") or "",
                                      item.group("locus") or "", item.group("arm") or "", species=previous.species)
                start = item.start("number")
            found.append((start, item.end(), following))
            position, previous = item.end(), following
    return found


_PRECURSOR = re.compile(
    r"^(?P<species>[a-z]{3,4})-(?P<kind>mir|let|lin)-(?P<number>\d+)(?P<letter>[a-z]{1,2})?(?:-(?P<locus>\d+))?$"
)


def parse_precursor(name: str) -> MirnaName | None:
    """miRBase precursor names: ``hsa-mir-146a``, ``hsa-let-7a-1``."""
    match = _PRECURSOR.match(name)
    if not match:
        return None
    kind = {"mir": "miR"}.get(match.group("kind"), match.group("kind"))
    return MirnaName(kind, match.group("number"), match.group("letter") or "", match.group("locus") or "",
                     species=match.group("species"))


_HGNC_MIR = re.compile(
    r"^MIR(?P<number>\d+)(?!HG$)(?:(?P<letter>[A-Z]{1,2})(?P<letter_locus>\d+)?)?(?:-(?P<locus>\d+))?$"
)
_HGNC_LET = re.compile(r"^MIRLET(?P<number>\d+)(?P<letter>[A-Z])(?P<locus>\d*)$")


def parse_hgnc_symbol(symbol: str) -> MirnaName | None:
    """HGNC microRNA gene symbols: ``MIR146A``, ``MIR1-1``, ``MIRLET7A1``."""
    match = _HGNC_LET.match(symbol)
    kind = "let"
    if not match:
        match = _HGNC_MIR.match(symbol)
        kind = "miR"
    if not match:
        return None
    locus = match.group("locus") or (match.groupdict().get("letter_locus") or "")
    return MirnaName(kind, match.group("number"), (match.group("letter") or "").lower(), locus, species="hsa")
