"""The kept word list answers as wordfreq does."""

import random
import string

from wordfreq import zipf_frequency

from exoextract.english import PLAIN_WORD, plain_words, word_frequency


def wordfreq_says(word: str) -> float:
    return zipf_frequency(word, "en", wordlist="large")


def test_the_kept_list_gives_wordfreq_s_answers(tmp_path):
    words = plain_words(tmp_path)  # computed from wordfreq and written
    assert len(words) > 200_000 and list(tmp_path.glob("english-*.pickle"))
    assert plain_words(tmp_path) == words  # read back
    listed = sorted(words)[::97]
    rng = random.Random(5)
    unlisted = ["".join(rng.choice(string.ascii_lowercase) for _ in range(rng.randint(1, 10))) for _ in range(500)]
    unlisted += [rng.choice(listed) + rng.choice(listed) for _ in range(500)]  # compounds of two listed words
    for word in listed + unlisted:
        assert words.get(word, 0.0) == wordfreq_says(word), word


def test_every_string_gets_wordfreq_s_answer():
    """Plain words from the kept list, anything else from wordfreq itself."""
    samples = ["the", "exosomes", "vesicle", "qzxv", "smad7", "naïve", "il-6", "Exosome", "co-culture", "mirna", ""]
    assert {bool(PLAIN_WORD.fullmatch(word)) for word in samples} == {True, False}
    for word in samples:
        assert word_frequency(word) == wordfreq_says(word), word


def test_an_unreadable_kept_list_is_computed_again_and_older_lists_go(tmp_path):
    words = plain_words(tmp_path)
    (kept,) = tmp_path.glob("english-*.pickle")
    kept.write_bytes(b"not a pickle")
    older = tmp_path / "english-1-100-200.pickle"  # kept for another installed list
    older.write_bytes(b"")
    assert plain_words(tmp_path) == words
    assert kept.read_bytes() != b"not a pickle"
    assert list(tmp_path.glob("english-*.pickle")) == [kept]
