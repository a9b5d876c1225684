"""Knowledge base: cold build time, then load time and resident memory in a fresh process.

usage: python benchmarks/kb_load.py

The cold build runs in a throw-away cache folder (EXOEXTRACT_CACHE), so the
user's cache is left alone; each measurement is its own Python process.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile

BUILD = """
import json, time
from exoextract.kb import build_and_cache
started = time.perf_counter()
kb, path = build_and_cache()
print(json.dumps({"seconds": time.perf_counter() - started, "bytes": path.stat().st_size, **kb.stats()}))
"""

LOAD = """
import json, resource, time
started = time.perf_counter()
from exoextract.kb import load_kb
kb = load_kb()
seconds = time.perf_counter() - started
kb.lookup("CD63")
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
print(json.dumps({"seconds": seconds, "max_rss_bytes": rss}))
"""


def run(code: str, env: dict[str, str]) -> dict:
    result = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    return json.loads(result.stdout.strip().splitlines()[-1])


def main() -> None:
    with tempfile.TemporaryDirectory() as cache:
        env = {**os.environ, "EXOEXTRACT_CACHE": cache}
        built = run(BUILD, env)
        loads = [run(LOAD, env) for _ in range(3)]
    print(f"cold build: {built['seconds']:.1f} s, cache {built['bytes'] / 1e6:.1f} MB")
    for name, count in built["concepts"].items():
        print(f"  {name:<28} {count:>9,}")
    print(f"  {'human miRNA genes':<28} {built['human_mirna_genes']:>9,}")
    best = min(loads, key=lambda r: r["seconds"])
    print(
        "load in a new process (import + read cache), best of 3: "
        f"{best['seconds']:.2f} s, max RSS {max(r['max_rss_bytes'] for r in loads) / 2**20:.0f} MiB"
    )


if __name__ == "__main__":
    main()
