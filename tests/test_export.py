"""BioC (JSON, XML) and PubTator written by the real CLI, read back with the bioc package."""

import filecmp

import bioc
import pandas as pd
import pytest
from bioc import biocjson, biocxml, pubtator
from click.testing import CliRunner
from conftest import PAPERS

from exoextract.cli import cli
from exoextract.export import clean_offset

PAPER = PAPERS / "cjc2015_stem_cell_exosomes.txt"


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    folders = {}
    for fmt in ("bioc", "bioc-xml", "pubtator"):
        folder = tmp_path_factory.mktemp(fmt)
        result = CliRunner().invoke(cli, ["ingest", str(PAPER), "-o", str(folder), "--format", fmt])
        assert result.exit_code == 0, result.output
        folders[fmt] = folder
    return folders


def mentions_of(folder):
    frame = pd.read_csv(folder / "mentions.tsv", sep="\t", dtype=str, keep_default_na=False)
    return sorted((int(r.start), int(r.end), r.text, r.type, r.id) for r in frame.itertuples())


def bioc_mentions(collection: bioc.BioCCollection):
    found = []
    for document in collection.documents:
        for passage in document.passages:
            assert passage.text == document.passages[0].text if passage is document.passages[0] else True
            for annotation in passage.annotations:
                location = annotation.total_span
                found.append((location.offset, location.end, annotation.text, annotation.infons["type"],
                              annotation.infons.get("identifier") or ""))  # XML leaves an empty infon out
    return sorted(found)


def test_bioc_json_keeps_every_mention_offset_and_id(exported):
    folder = exported["bioc"]
    with (folder / "collection.bioc.json").open(encoding="utf-8") as handle:
        collection = biocjson.load(handle)
    assert [d.id for d in collection.documents] == ["cjc2015_stem_cell_exosomes"]
    assert bioc_mentions(collection) == mentions_of(folder)
    text = "\n\n".join(p.text for p in collection.documents[0].passages)
    for passage in collection.documents[0].passages:  # passage offsets are clean-text offsets
        assert text[passage.offset : passage.offset + len(passage.text)] == passage.text


def test_bioc_xml_loads_with_the_same_mentions(exported):
    with (exported["bioc-xml"] / "collection.bioc.xml").open("rb") as handle:
        collection = biocxml.load(handle)
    assert bioc_mentions(collection) == mentions_of(exported["bioc-xml"])


def test_pubtator_round_trips(exported):
    folder = exported["pubtator"]
    (document,) = pubtator.loads((folder / "collection.pubtator").read_text(encoding="utf-8"))
    clean = pd.read_csv(folder / "documents.tsv", sep="\t")  # the clean text is what `exoextract text` prints
    text = CliRunner().invoke(cli, ["text", str(PAPER)]).output[:-1]
    assert int(clean["characters"][0]) == len(text)
    for annotation in document.annotations:  # PubTator's own offsets: title, separator, abstract
        assert document.text[annotation.start : annotation.end] == annotation.text
    found = sorted((clean_offset(text, a.start), clean_offset(text, a.end), a.text, a.type,
                    "" if a.id == "-" else a.id) for a in document.annotations)
    assert found == mentions_of(folder)


def test_exports_are_byte_identical_across_runs(exported, tmp_path):
    for fmt, name in (("bioc", "collection.bioc.json"), ("pubtator", "collection.pubtator")):
        again = tmp_path / fmt
        assert CliRunner().invoke(cli, ["ingest", str(PAPER), "-o", str(again), "--format", fmt]).exit_code == 0
        assert filecmp.cmp(exported[fmt] / name, again / name, shallow=False)
