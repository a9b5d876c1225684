"""Everyday English: how common a word is (wordfreq), for ingestion and the knowledge base alike.

Line-end hyphens are joined when the joined word is English; an alias that
is an everyday word (``SET``, ``CAN``) needs context before it names a gene.

wordfreq's own load (its import and its large English list) takes about half
a second of every run. Almost every word asked about is written in lower-case
ASCII letters, and for such a word wordfreq's answer is the frequency of the
one list entry it is (or 0): those answers are kept in the cache folder, once
per installed list, and load in about a third of that time. Any other string
(``smad7``, ``naïve``, ``il-6``) is still asked of wordfreq itself.
"""

from __future__ import annotations

import importlib.util
import os
import pickle
import re
from functools import lru_cache
from pathlib import Path

KNOWN_WORD = 1.0  # Zipf frequency from which a string is an English word in its own right
COMMON_WORD = 3.0  # Zipf frequency from which a word is everyday English
PLAIN_WORD = re.compile(r"[a-z]+")  # the strings answered from the kept list
LIST_FORMAT = 1  # bump when what the kept list holds changes


@lru_cache(maxsize=65536)
def word_frequency(word: str) -> float:
    """Zipf frequency of ``word`` in English (0 for unknown strings, about 7 for ``the``)."""
    if PLAIN_WORD.fullmatch(word):
        return _plain_words().get(word, 0.0)
    from wordfreq import zipf_frequency  # imported on first use: most runs never need it

    return zipf_frequency(word, "en", wordlist="large")


def load_word_list() -> None:
    """Load the word list now: a process about to fork workers loads it once for all of them, instead of each
    loading its own copy at its first line-end hyphen or short form."""
    word_frequency("the")


_PLAIN_WORDS: dict[str, float] | None = None


def _plain_words() -> dict[str, float]:
    global _PLAIN_WORDS
    if _PLAIN_WORDS is None:
        from exoextract.cache_folder import cache_dir

        _PLAIN_WORDS = plain_words(cache_dir())
    return _PLAIN_WORDS


def plain_words(folder: Path) -> dict[str, float]:
    """The Zipf frequency wordfreq gives each lower-case ASCII word of its large English list, read from
    ``folder`` (written there first when missing, stale or unreadable; used unwritten when the folder is
    not writable)."""
    source = _list_file()
    stat = source.stat()
    path = folder / f"english-{LIST_FORMAT}-{stat.st_size}-{stat.st_mtime_ns}.pickle"
    try:
        with path.open("rb") as handle:
            words = pickle.load(handle)
        if isinstance(words, dict):
            return words
    except Exception:  # missing or unreadable: computed again below
        pass
    words = _computed_plain_words()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for stale in folder.glob("english-*.pickle"):  # lists kept for an earlier wordfreq
            if stale != path:
                stale.unlink(missing_ok=True)
        partial = path.with_suffix(f".tmp{os.getpid()}")
        partial.write_bytes(pickle.dumps(words, protocol=pickle.HIGHEST_PROTOCOL))
        partial.replace(path)  # atomic: a half-written list is never read
    except OSError:
        pass
    return words


def _list_file() -> Path:
    """wordfreq's large English list, found without importing wordfreq."""
    spec = importlib.util.find_spec("wordfreq")
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError("wordfreq is not installed")
    return Path(next(iter(spec.submodule_search_locations))) / "data" / "large_en.msgpack.gz"


def _computed_plain_words() -> dict[str, float]:
    """From wordfreq: every entry of a frequency bucket has that bucket's frequency (an entry listed twice has
    the later, as in wordfreq's own dictionary), so wordfreq is asked once per bucket."""
    from wordfreq import get_frequency_list, zipf_frequency

    bucket_of: dict[str, int] = {}
    for index, bucket in enumerate(get_frequency_list("en", "large")):
        for word in bucket:
            if PLAIN_WORD.fullmatch(word):
                bucket_of[word] = index
    zipf_of_bucket: dict[int, float] = {}
    words: dict[str, float] = {}
    for word, index in bucket_of.items():
        zipf = zipf_of_bucket.get(index)
        if zipf is None:
            zipf = zipf_of_bucket[index] = zipf_frequency(word, "en", wordlist="large")
        words[word] = zipf
    return words
