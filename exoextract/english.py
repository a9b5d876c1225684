"""Everyday English: how common a word is (wordfreq), for ingestion and the knowledge base alike.

Line-end hyphens are joined when the joined word is English; an alias that
is an everyday word (``SET``, ``CAN``) needs context before it names a gene.
"""

from __future__ import annotations

from functools import lru_cache

KNOWN_WORD = 1.0  # Zipf frequency from which a string is an English word in its own right
COMMON_WORD = 3.0  # Zipf frequency from which a word is everyday English


@lru_cache(maxsize=65536)
def word_frequency(word: str) -> float:
    """Zipf frequency of ``word`` in English (0 for unknown strings, about 7 for ``the``)."""
    from wordfreq import zipf_frequency  # imported on first use: a run that reads no paper needs none of it

    return zipf_frequency(word, "en", wordlist="large")


def load_word_list() -> None:
    """Load the word list now (about half a second): a process about to fork workers loads it once for all of
    them, instead of each loading its own copy at its first line-end hyphen or short form; and before spaCy is
    imported, wordfreq's import (which looks through every loaded module) costs less."""
    word_frequency("the")
