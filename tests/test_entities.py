"""Entity extraction on sentences written here in the style of EV papers (no gold rule saw them).

Each sentence lists the exact normalized concepts a curator would record under
ANNOTATION.md: (type, identifier, canonical name).
"""

import pytest
from conftest import concepts_in

M, R, C, E, OUT = "MARKER", "MIRNA", "CELL_TYPE", "EXOSOME", "OUTCOME"
EXO = (E, "", "exosome")

SENTENCES = [
    ("Tumour-derived exosomes carried CD47, which protected them from phagocytosis.",
     {(E, "CL:0001064", "malignant cell exosome"), (C, "CL:0001064", "malignant cell"), (M, "HGNC:1682", "CD47"),
      (OUT, "GO:0006909", "phagocytosis")}),
    ("Exosomal PD-L1 suppresses T cell activation in the draining lymph node.",
     {(M, "HGNC:17635", "CD274"), (OUT, "GO:0042110", "T cell activation")}),
    ("The vesicles were positive for flotillin-1 and TSG101 and negative for calnexin.",
     {(M, "HGNC:3757", "FLOT1"), (M, "HGNC:15971", "TSG101"), (M, "HGNC:1473", "CANX")}),
    ("Exosomes from M2 macrophages promoted the migration of gastric cancer cells.",
     {(E, "CL:0000890", "M2 macrophage exosome"), (C, "CL:0000890", "M2 macrophage"),
      (C, "CL:0001064", "malignant cell"), (OUT, "GO:0016477", "cell migration")}),
    ("Serum exosomal miR-21-5p was elevated in patients with pancreatic cancer.",
     {(E, "", "serum exosome"), (R, "miRBase:MI0000077", "miR-21-5p")}),
    ("Tregs expanded after treatment with MSC-derived exosomes.",
     {(C, "CL:0000815", "regulatory T cell"), (E, "CL:0000134", "mesenchymal stem cell exosome"),
      (C, "CL:0000134", "mesenchymal stem cell")}),
    ("HUVECs took up the labelled vesicles within two hours.",
     {(C, "", "human umbilical vein endothelial cell")}),
    ("Exosomes were isolated from HEK293T cells transfected with let-7b.",
     {(E, "CVCL_0063", "HEK293T exosome"), (C, "CVCL_0063", "HEK293T"), (R, "miRBase:MI0000063", "let-7b")}),
    ("The miR-17~92 cluster was enriched in exosomes released by glioma cells.",
     {(R, "", "miR-17-92"), (E, "CL:0001064", "malignant cell exosome"), (C, "CL:0001064", "malignant cell")}),
    ("CD9, CD63 and CD81 are tetraspanins commonly used as exosome markers.",
     {(M, "HGNC:1709", "CD9"), (M, "HGNC:1692", "CD63"), (M, "HGNC:1701", "CD81"), (M, "", "tetraspanin"), EXO}),
    ("Western blotting confirmed CD9/CD63/CD81 on the vesicle surface.",
     {(M, "HGNC:1709", "CD9"), (M, "HGNC:1692", "CD63"), (M, "HGNC:1701", "CD81")}),
    ("NK cells exposed to tumour exosomes lost their cytotoxicity.",
     {(C, "CL:0000623", "natural killer cell"), (E, "CL:0001064", "malignant cell exosome"),
      (C, "CL:0001064", "malignant cell"), (OUT, "GO:0001906", "cell killing")}),
    ("Exosomal TGF-β1 induced the differentiation of fibroblasts into myofibroblasts.",
     {(M, "HGNC:11766", "TGFB1"), (C, "CL:0000057", "fibroblast"), (OUT, "GO:0030154", "cell differentiation"),
      (C, "CL:0000186", "myofibroblast cell")}),
    ("Dendritic cells pulsed with tumour lysate released exosomes bearing MHC class I.",
     {(C, "CL:0000451", "dendritic cell"), EXO, (M, "FPLX:HLA1", "MHC class I")}),
    ("Alix and syntenin drive the sorting of cargo into intraluminal vesicles.",
     {(M, "HGNC:8766", "PDCD6IP"), (M, "HGNC:10662", "SDCBP")}),
    ("Adipocyte-derived exosomes carried miR-155 and promoted inflammation.",
     {(E, "CL:0000136", "adipocyte exosome"), (C, "CL:0000136", "adipocyte"),
      (R, "miRBase:MI0000681", "miR-155"), (OUT, "GO:0006954", "inflammation")}),
    ("Neutrophil-derived extracellular vesicles contained myeloperoxidase.",
     {(E, "CL:0000775", "neutrophil exosome"), (C, "CL:0000775", "neutrophil"), (M, "HGNC:7218", "MPO")}),
    ("Plasma exosomes from melanoma patients suppressed CD8+ T cells.",
     {(E, "", "plasma exosome"), (C, "CL:0000625", "CD8-positive, alpha-beta T cell")}),
    ("Knockdown of Rab27a reduced exosome secretion by breast cancer cells.",  # an outcome the vocabulary lacks
     {(M, "HGNC:9766", "RAB27A"), EXO, (C, "CL:0001064", "malignant cell"), (OUT, "", "exosome secretion")}),
    ("Exosomes derived from bone marrow mesenchymal stem cells enhanced angiogenesis.",
     {(E, "CL:0002540", "mesenchymal stem cell of the bone marrow exosome"),
      (C, "CL:0002540", "mesenchymal stem cell of the bone marrow"), (OUT, "GO:0001525", "angiogenesis")}),
    ("IFN-γ stimulated macrophages secreted exosomes rich in IL-1β.",
     {(M, "HGNC:5438", "IFNG"), (C, "CL:0000235", "macrophage"), (E, "CL:0000235", "macrophage exosome"),
      (M, "HGNC:5992", "IL1B")}),
    ("Exosomal HSP70 activated natural killer cells in vitro.",
     {(M, "FPLX:HSPA", "HSPA"), (C, "CL:0000623", "natural killer cell")}),
    ("B cells secrete exosomes that present antigen to T cells.",
     {(C, "CL:0000236", "B cell"), (E, "CL:0000236", "B cell exosome"), (C, "CL:0000084", "T cell")}),
    ("miR-146a-5p in exosomes reduced inflammation in the injured kidney.",
     {(R, "miRBase:MI0000477", "miR-146a-5p"), EXO, (OUT, "GO:0006954", "inflammation")}),
    ("Cancer-associated fibroblasts transferred miR-21 to ovarian cancer cells and conferred chemoresistance.",
     {(C, "", "cancer-associated fibroblast"), (R, "miRBase:MI0000077", "miR-21"),
      (C, "CL:0001064", "malignant cell"), (OUT, "MESH:D019008", "drug resistance")}),
    ("Exosomes from hypoxic tumour cells promoted epithelial-mesenchymal transition.",
     {(E, "CL:0001064", "malignant cell exosome"), (C, "CL:0001064", "malignant cell"),
      (OUT, "GO:0001837", "epithelial-mesenchymal transition")}),
    # the uptake of vesicles is their fate, not phagocytosis (the guideline's "uptake" is of cells or particles)
    ("Monocytes differentiated into macrophages after uptake of the vesicles.",
     {(C, "CL:0000576", "monocyte"), (C, "CL:0000235", "macrophage")}),
    ("Platelet-derived exosomes stimulated endothelial cell proliferation.",
     {(E, "CL:0000233", "platelet exosome"), (C, "CL:0000233", "platelet"), (C, "CL:0000115", "endothelial cell"),
      (OUT, "GO:0008283", "cell proliferation")}),
    ("EpCAM-positive exosomes were captured from ascites of ovarian cancer patients.",
     {(M, "HGNC:11529", "EPCAM"), EXO}),
    ("Exosomes secreted by cardiomyocytes protected against apoptosis after ischemia.",
     {(E, "CL:0000746", "cardiac muscle cell exosome"), (C, "CL:0000746", "cardiac muscle cell"),
      (OUT, "GO:0006915", "apoptosis")}),
    ("Exosomal VEGF and MMP9 promoted metastasis of hepatocellular carcinoma.",
     {(M, "FPLX:VEGF", "VEGF"), (M, "HGNC:7176", "MMP9"), (OUT, "MESH:D009362", "metastasis")}),
    ("Glioblastoma cells shed EVs carrying EGFR and miR-10b.",
     {(C, "CL:0001064", "malignant cell"), (E, "CL:0001064", "malignant cell exosome"), (M, "HGNC:3236", "EGFR"),
      (R, "miRBase:MI0000267", "miR-10b")}),
]


@pytest.mark.parametrize(("sentence", "expected"), SENTENCES, ids=[s[:40] for s, _ in SENTENCES])
def test_sentence_concepts(nlp, sentence, expected):
    assert concepts_in(nlp, sentence) == expected


def test_a_name_ends_before_the_period_of_its_sentence_and_a_letter_abbreviation_names_nothing(nlp):
    from exoextract.ingest import load_text
    from exoextract.paper import process_document

    text = "Activated NK cells released granzyme B. Carriers of FGFR3 p.G380R had achondroplasia."
    mentions = {(m.text, m.name) for m in process_document(load_text(text), nlp).mentions if m.type == "MARKER"}
    assert mentions == {("granzyme B", "GZMB"), ("FGFR3", "FGFR3")}


def test_a_slash_group_the_paper_calls_a_cluster_group_or_family_is_one_name_everywhere_in_it(nlp):
    from exoextract.ingest import load_text
    from exoextract.paper import process_document

    text = ("Loss of the microRNA cluster miR-29a/b-1 was seen. Levels of miR-29a/b-1 fell, while the miR-15/107 "
            "group and the miR-34a/b/c family rose. The miR-224/miR-452 cluster, miR-221/222 and miR-23a/b did not.")
    mentions = [(m.text, m.name) for m in process_document(load_text(text), nlp).mentions if m.type == "MIRNA"]
    assert mentions == [
        ("miR-29a/b-1", "miR-29a/b-1"), ("miR-29a/b-1", "miR-29a/b-1"), ("miR-15/107", "miR-15/107"),
        ("miR-34a/b/c", "miR-34a/b/c"),
        # members written whole stay apart; a slash list the paper never calls a set names each miRNA
        ("miR-224", "miR-224"), ("miR-452", "miR-452"), ("miR-221", "miR-221"), ("222", "miR-222"),
        ("miR-23a", "miR-23a"), ("b", "miR-23b"),
    ]


def test_a_class_word_beside_a_symbol_is_not_part_of_its_name(nlp):
    from exoextract.ingest import load_text
    from exoextract.paper import process_document

    text = "Exosomes carried the chemokines CCL2 and CCL5, the CCR2 receptor and protein kinase C."
    mentions = {(m.text, m.name) for m in process_document(load_text(text), nlp).mentions if m.type == "MARKER"}
    assert mentions == {("CCL2", "CCL2"), ("CCL5", "CCL5"), ("CCR2", "CCR2"), ("protein kinase C", "PKC")}


def test_a_genotype_or_expression_sign_written_onto_a_gene_is_not_part_of_its_name(nlp):
    from exoextract.ingest import load_text
    from exoextract.paper import process_document

    text = "Sam68+/+ and TLR4\u2212/\u2212 mice differed; CD11c+ cells expressed Foxp3+ but not p53 +/- protein."
    mentions = {(m.text, m.name) for m in process_document(load_text(text), nlp).mentions if m.type == "MARKER"}
    assert mentions == {("Sam68", "KHDRBS1"), ("TLR4", "TLR4"), ("CD11c", "ITGAX"), ("Foxp3", "FOXP3"),
                        ("p53", "TP53")}


def test_words_mesh_qualifies_with_a_subject_name_cells_only_in_papers_about_it(nlp, kb):
    from exoextract.ingest import load_text
    from exoextract.paper import process_document

    def cells(text):
        return {(m.text, m.name) for m in process_document(load_text(text), nlp).mentions if m.type == "CELL_TYPE"}

    # MeSH: "Cones (Retina)", "Rods (Retina)"; "Rods and Cones" is a coordination, its members are found
    assert kb.topic("CL:0000573") == "Retina" and not kb.lookup("rods and cones", ["CELL_TYPE"])
    assert cells("In the degenerating retina, rods and cones die.") == {
        ("rods", "retinal rod cell"), ("cones", "retinal cone cell")}
    assert cells("Rods and cones were counted in each sample.") == set()  # no retina: steel rods, pine cones


# --- a paper's vesicle short forms: one compiled pattern (marked text) finds what patterns compiled with them found

SHORT_FORM_TEXTS = [
    ("Dendritic cell-derived exosomes (Dexs) were studied. Dexs derived from mature DCs and DC-derived Dexs carried "
     "MHC class I; exosomal Dexs cargo and small EVs from plasma were compared with Dexs of tumour origin.",
     ["Dexs", "EVs"]),
    ("Ginger-derived exosome-like nanoparticles (GELNs) reduced colitis. GELNs from ginger and ginger GELNs, "
     "GELNs-loaded mice and GELNs.", ["GELNs"]),
    ("Small extracellular vesicles (small) is an odd short form: small EVs derived from MSCs and small vesicles "
     "released by cells.", ["small"]),
    ("Texs and TEXs: tumor-derived exosomes (TEXs) released by melanoma cells; TEXs of HeLa cells.", ["TEXs", "Texs"]),
]


def _spans(patterns, text):
    return ([(m.start(1), m.end(1), m.end()) for m in patterns.source_before(text)],
            [(m.start(), m.start(2), m.end(2)) for m in patterns.after.finditer(text)],
            [(m.start(), m.end()) for m in patterns.word.finditer(text)])


@pytest.mark.parametrize("text, shorts", SHORT_FORM_TEXTS)
def test_marked_short_forms_match_what_patterns_written_with_them_match(text, shorts):
    from exoextract.nlp.entities.exosomes import marked_short_forms, vesicle_patterns

    searched, patterns = marked_short_forms(text, shorts)
    assert len(searched) == len(text)
    written = vesicle_patterns(tuple(sorted(shorts)), marked=False)
    assert _spans(patterns, searched) == _spans(written, text)


def test_which_short_forms_are_marked():
    from exoextract.nlp.entities.exosomes import MARK_START, marked_short_forms, vesicle_patterns

    text = "EVs (EVs) and Dexs (Dexs); small EVs (small)."
    searched, patterns = marked_short_forms(text, ["EVs", "Dexs", "small"])
    assert searched.count(MARK_START) == 2  # Dexs, twice; EVs are vesicle words already; "small" starts "small EVs"
    assert patterns == vesicle_patterns(("small",))
    runic = "\u16a0 and Dexs"  # a text that writes the mark itself: the short forms go into the patterns
    assert marked_short_forms(runic, ["Dexs"]) == (runic, vesicle_patterns(("Dexs",), marked=False))


def test_short_form_uses_merge_as_the_pairwise_rule_says():
    """``merge_short_forms`` answers with binary searches (``Reach``) what comparing every pair answers: a use
    inside a longer mention is dropped, and mentions a kept use overlaps give way (random spans, zero-length
    and equal ones included)."""
    import random

    from exoextract.nlp.entities.context import Found
    from exoextract.nlp.entities.short_forms import merge_short_forms

    def pairwise(found, added):
        added = [a for a in added if not any(f.start <= a.start and a.end <= f.end and f.length > a.length
                                             for f in found)]
        return [f for f in found if not any(f.start < a.end and a.start < f.end for a in added)] + added

    rng = random.Random(7)

    def mentions(count):
        spans = [(start, start + rng.randrange(0, 8)) for start in (rng.randrange(0, 40) for _ in range(count))]
        return [Found(start, end, "MARKER", "", "x", str(number)) for number, (start, end) in enumerate(spans)]

    for _ in range(3000):
        found, added = mentions(rng.randrange(0, 12)), mentions(rng.randrange(0, 8))
        assert merge_short_forms(found, added) == pairwise(found, added)


@pytest.mark.parametrize("first", ["CD", "[A-Z]", "h", "c"])
def test_word_start_is_the_leading_look_behind_it_replaces(first):
    """``word_start`` moves ``(?<![\\w-])`` after the first character (so the regex engine can skip ahead to
    it); it matches exactly where the leading look-behind does: at the text's start, after spaces and
    punctuation, never after a word character or a hyphen."""
    import re

    from exoextract.nlp.entities.context import word_start

    text = "CD8 xCD8 -CD4 (CD63) CD hOGG1 ahOGG1 -hTERT A-B Ab cells xcells -cells c"
    leading = re.compile(rf"(?<![\w-]){first}\w*")
    moved = re.compile(rf"{word_start(first)}\w*")
    assert [m.span() for m in moved.finditer(text)] == [m.span() for m in leading.finditer(text)]
    assert [m.span() for m in moved.finditer(text)]


def test_records_only_mentions_are_those_a_span_would_keep():
    """Without spans, a mention is kept when ``within`` says so: exactly when the span ``described_span``
    asks for exists, for every range over a text with leading, repeated and trailing white space."""
    import spacy

    from exoextract.nlp.entities import within
    from exoextract.nlp.entities.context import Found

    text = "  Exosomes  carry CD63,\n\n and TSG101 .  "
    doc = spacy.blank("en")(text)
    assert doc.text == text
    for start in range(-2, len(text) + 2):
        for end in range(start + 1, len(text) + 3):
            item = Found(start, end, "MARKER", "", "x", "test")
            span = doc.char_span(start, end, alignment_mode="expand")  # as described_span asks
            assert within(item, len(text)) == (span is not None), (start, end)


@pytest.mark.parametrize("hyphen_ends", [False, True])
def test_whole_word_uses_find_what_the_alternation_finds(hyphen_ends):
    """A paper's short forms are found with ``str.find``: the same places, longest form first and not
    overlapping, as the regex alternation of the forms (random texts of letters, hyphens, underscores,
    digits, accented letters and punctuation)."""
    import random
    import re

    from exoextract.nlp.entities.short_forms import whole_word_uses

    def alternation(text, forms):
        pattern = "|".join(map(re.escape, sorted(forms, key=len, reverse=True)))
        after = r"(?![\w-])" if hyphen_ends else r"(?![\w])"
        return [(m.start(), m.end(), m.group(1)) for m in re.finditer(rf"(?<![\w-])({pattern}){after}", text)]

    rng = random.Random(11)
    alphabet = "abAB-_ .,()+/é1ß"
    for _ in range(5000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randrange(0, 40)))
        forms = {"".join(rng.choice(alphabet) for _ in range(rng.randrange(1, 4))) for _ in range(rng.randrange(1, 5))}
        assert whole_word_uses(text, forms, hyphen_ends) == alternation(text, forms), (text, forms)


def test_vesicle_initials_are_the_letters_a_vesicle_match_starts_with():
    """``VESICLE_INITIALS`` lets the population patterns skip to where a vesicle word can start: it must hold
    every first letter of the ``VESICLE`` pattern (read from its parse tree here), in lower case."""
    import re._parser as parser

    from exoextract.nlp.entities.context import VESICLE, VESICLE_INITIALS

    def first_letters(items) -> tuple[set[str], bool]:  # (letters, whether the items can match nothing)
        letters: set[str] = set()
        for op, value in items:
            if op is parser.LITERAL:
                return letters | {chr(value)}, False
            if op is parser.IN:
                assert all(kind is parser.LITERAL for kind, _ in value), value  # no ranges in VESICLE's classes
                return letters | {chr(code) for _, code in value}, False
            if op is parser.SUBPATTERN:
                found, empty = first_letters(value[3])
            elif op is parser.BRANCH:
                branches = [first_letters(branch) for branch in value[1]]
                found, empty = set().union(*(f for f, _ in branches)), any(e for _, e in branches)
            elif op in (parser.MAX_REPEAT, parser.MIN_REPEAT):
                found, empty = first_letters(value[2])
                empty = empty or value[0] == 0
            else:
                raise AssertionError(f"VESICLE starts with {op}: extend this reader")
            letters |= found
            if not empty:
                return letters, False
        return letters, True

    letters, empty = first_letters(parser.parse(VESICLE))
    assert not empty
    assert {letter.lower() for letter in letters} == set(VESICLE_INITIALS)


def test_source_phrases_are_searched_from_as_far_back_as_their_white_space_allows():
    """``source_before`` starts each search after the eighth run of white space before its anchor: it finds
    what a search over the whole reach finds, for the longest phrase the pattern allows (seven spaces: after
    an initial, four words, before ``cells`` and before a short form) and for cell phrases."""
    from exoextract.nlp.entities import cells
    from exoextract.nlp.entities.context import anchored_matches
    from exoextract.nlp.entities.exosomes import SOURCE_REACH, vesicle_patterns

    text = ("We studied  vesicles from A. big old red bone marrow cells (BMC)-derived exosomes and from tumor  "
            "cell-derived EVs, then  small  red  T cells,  B cells and the HeLa cells-derived sEVs.")
    patterns = vesicle_patterns()
    found = [m.group(1) for m in patterns.source_before(text)]
    assert found == [m.group(1) for m in anchored_matches(patterns.before, patterns.before_anchor, text, SOURCE_REACH)]
    assert found[0] == "A. big old red bone marrow cells"
    phrases = [m.span() for m in anchored_matches(cells.CELL_PHRASE, cells.CELL_WORD, text, cells.CELL_PHRASE_REACH,
                                                  cells.CELL_PHRASE_SPACES)]
    assert phrases == [m.span() for m in anchored_matches(cells.CELL_PHRASE, cells.CELL_WORD, text,
                                                          cells.CELL_PHRASE_REACH)]
    assert len(phrases) >= 3
