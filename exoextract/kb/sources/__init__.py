"""Vocabulary sources, one module each: HGNC, FamPlex, miRBase, MeSH, the Cell Ontology, Cellosaurus
and the outcome vocabulary; ``files`` says where each file is and which version it is."""

from exoextract.kb.sources.files import (
    DEFAULT_SOURCES,
    SOURCE_NAMES,
    MissingSource,
    SourceFile,
    locate_sources,
    read_obo,
    read_ontology,
)

__all__ = ["DEFAULT_SOURCES", "SOURCE_NAMES", "MissingSource", "SourceFile", "locate_sources", "read_obo",
           "read_ontology"]
