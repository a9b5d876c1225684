import pytest

from exoextract.kb.normalize import fold, greek_variant, normalize, singular


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("TGF-β1", "tgfbeta1"), ("TGF-beta 1", "tgfbeta1"), ("IFN‐γ", "ifngamma"), ("IL-10", "il10"),
        ("MHC class I", "mhcclassi"), ("CD8+", "cd8"), ("CD9/CD63", "cd9cd63"), ("Löfgren’s", "lofgrens"),
        ("naïve T cells", "naivetcells"),
        ("ﬁbroblast", "fibroblast"),
    ],
)
def test_normalize(text, key):
    assert normalize(text) == key


def test_fold_keeps_case():
    assert fold("Tsg-101") == "Tsg101"


@pytest.mark.parametrize(
    ("plural", "single"),
    [("DCs", "DC"), ("MSCs", "MSC"), ("NK cells", "NK cell"), ("bodies", "body"), ("macrophages", "macrophage"),
     ("exosomes", "exosome"), ("process", "process"), ("CD4", "CD4"), ("lymphocytes", "lymphocyte")],
)
def test_singular(plural, single):
    assert singular(plural) == single


@pytest.mark.parametrize(
    ("symbol", "variant"),
    [("TGFB1", "TGFbeta1"), ("IFNG", "IFNgamma"), ("IL1B", "IL1beta"), ("HIF1A", "HIF1alpha"), ("CD63", None),
     ("TP53", None), ("B2M", None)],
)
def test_greek_variant(symbol, variant):
    assert greek_variant(symbol) == variant


@pytest.mark.parametrize(("text", "variant"), [
    ("beta-catenin", "b-catenin"), ("TGF-beta1", "TGF-b1"), ("IFN-γ", "IFN-g"), ("NF-kappaB", "NF-kB"),
    ("catenin beta 1", None), ("alpha 2", None)])
def test_latin_initials(text, variant):
    from exoextract.kb.normalize import latin_initials

    assert latin_initials(text) == variant
