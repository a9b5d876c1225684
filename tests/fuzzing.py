"""Damaged copies of real PDFs, for the fuzz test and for the longer run in benchmarks/fuzz_pdfs.py."""

import random


def mutations(data: bytes, seed: int, count: int):
    """Damaged copies of a PDF: flipped bytes, truncations, a broken xref table or trailer."""
    rng = random.Random(seed)
    for number in range(count):
        damaged = bytearray(data)
        kind = number % 4
        if kind == 0:
            for _ in range(rng.randint(1, 40)):
                damaged[rng.randrange(len(damaged))] = rng.randrange(256)
        elif kind == 1:
            damaged = damaged[: rng.randrange(1, len(damaged))]
        elif kind == 2:
            damaged = bytearray(bytes(damaged).replace(b"xref", b"xrfe").replace(b"startxref", b"startxrfe"))
            damaged[rng.randrange(len(damaged))] ^= 0xFF
        else:
            start = rng.randrange(len(damaged))
            damaged[start : start + rng.randint(1, 500)] = b""
        yield number, bytes(damaged)
