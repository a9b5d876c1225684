"""Knowledge base: HGNC, FamPlex, miRBase, Cell Ontology, Cellosaurus and the outcome vocabulary,
built offline from packaged files, cached, and looked up by surface form."""

from exoextract.kb.base import Candidate, KnowledgeBase, build_and_cache, cache_dir, cache_path, load_kb
from exoextract.kb.sources import MissingSource

__all__ = ["Candidate", "KnowledgeBase", "MissingSource", "build_and_cache", "cache_dir", "cache_path", "load_kb"]
