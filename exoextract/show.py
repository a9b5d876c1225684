"""A page a curator can read: the paper's own blocks with every recognized entity highlighted.

Built from a :class:`~exoextract.records.PaperResult` alone; one self-contained
HTML file, no script or style from the network.
"""

from __future__ import annotations

import html
from collections import Counter

from exoextract.records import ENTITY_TYPES, PaperResult

COLORS = {"MARKER": "#9ecae1", "MIRNA": "#fdae6b", "CELL_TYPE": "#a1d99b", "EXOSOME": "#bcbddc", "OUTCOME": "#fc9272"}
BLOCK_TAGS = {"title": "h1", "heading": "h2", "caption": "figcaption", "table": "pre"}
STYLE = """
body{font:16px/1.6 Georgia,serif;max-width:46em;margin:2em auto;padding:0 1em;color:#222}
h1{font-size:1.5em}h2{font-size:1.15em;margin-top:1.6em}
figcaption{font-size:.9em;color:#444;margin:1em 0}pre{white-space:pre-wrap;font-size:.85em}
mark{padding:0 .1em;border-radius:.2em;cursor:help}
.legend{position:sticky;top:0;background:#fff;border-bottom:1px solid #ddd;padding:.4em 0;font:14px sans-serif}
.legend span{margin-right:1em;padding:0 .3em;border-radius:.2em}
.front{color:#666;font-size:.9em}
"""


def render_html(result: PaperResult) -> str:
    """The paper as HTML; each mention says its type, canonical name and identifier on hover."""
    document = result.document
    counts = Counter(m.type for m in result.mentions)
    legend = "".join(
        f'<span style="background:{COLORS[t]}">{t} {counts.get(t, 0)}</span>' for t in ENTITY_TYPES
    )
    mentions = sorted(result.mentions, key=lambda m: (m.start, -m.end))
    body = []
    cursor = 0
    for block in document.blocks:
        inside = [m for m in mentions if block.start <= m.start and m.end <= block.end]
        parts = []
        cursor = block.start
        for mention in inside:
            if mention.start < cursor:
                continue  # nested in the previous mark
            parts.append(html.escape(document.text[cursor:mention.start]))
            label = f"{mention.type}: {mention.name}" + (f" [{mention.id}]" if mention.id else "")
            parts.append(f'<mark style="background:{COLORS[mention.type]}" title="{html.escape(label)}" '
                         f'data-type="{mention.type}">{html.escape(mention.text)}</mark>')
            cursor = mention.end
        parts.append(html.escape(document.text[cursor:block.end]))
        tag = BLOCK_TAGS.get(block.kind, "p")
        css = ' class="front"' if block.kind == "front" else ""
        body.append(f"<{tag}{css}>{''.join(parts)}</{tag}>")
    title = html.escape(f"{document.doc_id} - exoextract")
    return (f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{title}</title>'
            f"<style>{STYLE}</style></head><body><div class=\"legend\">{legend}</div>"
            + "\n".join(body) + "</body></html>\n")
