import pytest

from exoextract.kb.mirna import find_all, parse, parse_hgnc_symbol, parse_precursor


@pytest.mark.parametrize(
    ("text", "canonical"),
    [
        ("miR-21", "miR-21"), ("miR-21-5p", "miR-21-5p"), ("hsa-miR-21", "miR-21"), ("microRNA-21", "miR-21"),
        ("miRNA-21", "miR-21"), ("mir-21", "miR-21"), ("let-7a", "let-7a"), ("miR-17~92", "miR-17-92"),
        ("miR-17-92", "miR-17-92"), ("miR-146a-5p", "miR-146a-5p"), ("hsa-mir-146a", "miR-146a"),
        ("miR-200 family", "miR-200"), ("miR-155*", "miR-155*"), ("let-7a-1", "let-7a"), ("miR 21", "miR-21"),
        ("MiRNA-493", "miR-493"), ("miR-26a2*", "miR-26a*"), ("Mir-155", "miR-155"),
        ("miR-17 approximately 92", "miR-17-92"),  # PubMed writes the tilde out
    ],
)
def test_canonical_names(text, canonical):
    assert parse(text).canonical == canonical


@pytest.mark.parametrize("text", ["MIR21", "Mir155", "miRNAs", "miR", "mirror-21", "CD63"])
def test_not_a_mirna_name(text):
    assert parse(text) is None


def test_species_and_precursors():
    assert parse("mmu-miR-21a").species == "mmu"
    assert parse("miR-26a2").locus == parse("miR-26a-2").locus == "2"  # the locus written onto the letter
    assert parse("miR-212").locus == "" and parse("miR-212").number == "212"
    assert parse_precursor("hsa-let-7a-1").family_key == ("let", "7", "a")
    assert parse_hgnc_symbol("MIRLET7A1").family_key == ("let", "7", "a")
    assert parse_hgnc_symbol("MIR146A").family_key == ("miR", "146", "a")
    assert parse_hgnc_symbol("MIR17HG") is None


def test_find_all_in_running_text():
    text = "Exosomal miR-21-5p and let-7b, the miR-17~92 cluster (miR-146a/b) and hsa-miR-155-3p."
    assert [(text[a:b], name.canonical) for a, b, name in find_all(text)] == [
        ("miR-21-5p", "miR-21-5p"), ("let-7b", "let-7b"), ("miR-17~92", "miR-17-92"), ("miR-146a", "miR-146a"),
        ("b", "miR-146b"), ("hsa-miR-155-3p", "miR-155-3p"),
    ]


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("the miR-221/222 cluster", ["miR-221", "miR-222"]),
        ("miR-34a/b/c", ["miR-34a", "miR-34b", "miR-34c"]),
        ("miR-21, 155 and 146a were", ["miR-21", "miR-155", "miR-146a"]),
        ("pre-miR-630 and anti-miR-125b", ["miR-630", "miR-125b"]),
        ("miR-21 and 5 patients in 2009", ["miR-21"]),
        ("Pre-miR-181a and Anti-miR-21 at a sentence start", ["miR-181a", "miR-21"]),
        ("microRNAs (miRNA)--miR-20a, and miR-93--which", ["miR-20a", "miR-93"]),  # PubMed's ASCII dash
        ("miR-34a, a microRNA up-regulated in", ["miR-34a"]),  # the article, not miR-34 letter a
        ("miR-200a, b and c", ["miR-200a", "miR-200b", "miR-200c"]),
        ("miRNA-143, -181, -206, and -208 were", ["miR-143", "miR-181", "miR-206", "miR-208"]),
        ("miR-107, -292-5p and -34a", ["miR-107", "miR-292-5p", "miR-34a"]),
        ("miR-21 stored at -80 C", ["miR-21"]),
        ("miR-21 was approximately 2-fold and miR-17 approximately 30% higher", ["miR-21", "miR-17"]),
        ("miRs-21 and -155 and premiR-150", ["miR-21", "miR-155", "miR-150"]),
    ],
)
def test_lists_name_each_mirna(text, names):
    assert [name.canonical for _, _, name in find_all(text)] == names


@pytest.mark.parametrize(
    "text",
    [
        "hsa-miR-21 and mmu-let-7a, xtro-miR-1 or dme-lin-4 (4-letter and 3-letter species)",
        "a-miR-2, ab-miR-3, abc-miR-4, abcd-miR-5, abcde-miR-6: species of every length before the prefix",
        "outlet hsa-miR-21; glin-miR-1; Micro RNA-146a, microRNA (miRNA)-146a, MicroRNA-21",
        "pre-miR-21 anti-miR-155 --miR-20a Pre-miR-181a premiR-150 LETmiR-1 Lin-4 lin-4 MIR21 Mir-155",
        "miR-17~92 miR-17 approximately 92 miR-26a2* miRs-21 mimiR-1 miRmiR-2 letlet-7",
    ],
)
def test_prefix_anchored_scan_finds_what_a_plain_scan_finds(text):
    """The scan tries the pattern only at written prefixes (and a species before them): the same matches."""
    from exoextract.kb.mirna import MIRNA_PATTERN, _names

    assert [m.span() for m in _names(text)] == [m.span() for m in MIRNA_PATTERN.finditer(text)]
    assert [m.span() for m in _names(text)]  # each text names miRNAs
