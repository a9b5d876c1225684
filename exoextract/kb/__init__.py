"""Knowledge base: HGNC, FamPlex, miRBase, Cell Ontology, Cellosaurus, MeSH and the outcome vocabulary,
built offline from packaged files, cached, and looked up by surface form.

``index`` holds the compiled aliases and ``lookup``; ``aliases`` the hygiene
rules; ``build`` reads the ``sources`` (one module per vocabulary); ``cache``
keeps the compiled index on disk.
"""

from exoextract.kb.cache import build_and_cache, cache_dir, cache_path, load_kb
from exoextract.kb.index import KB_TYPES, Candidate, KnowledgeBase
from exoextract.kb.sources.files import MissingSource

__all__ = ["KB_TYPES", "Candidate", "KnowledgeBase", "MissingSource", "build_and_cache", "cache_dir", "cache_path",
           "load_kb"]
