"""A page a curator can read: the paper's own blocks with every recognized entity highlighted.

Built from a :class:`~exoextract.records.PaperResult` alone: the clean text
sliced exactly as written (no re-tokenized spacing), headings and paragraphs
as the paper has them, one colour per type with a legend and counts, the
canonical name and identifier in a side panel (hover or click a mention)
instead of labels over the text, a concept summary, and the relations with
their evidence. One self-contained HTML file: no script or style from the network.
"""

from __future__ import annotations

import html
from collections import Counter, defaultdict

from exoextract.records import ENTITY_TYPES, Mention, PaperResult

COLORS = {"MARKER": "#9ecae1", "MIRNA": "#fdae6b", "CELL_TYPE": "#a1d99b", "EXOSOME": "#bcbddc", "OUTCOME": "#fc9272"}
BLOCK_TAGS = {"title": "h1", "heading": "h2", "caption": "p", "table": "pre", "front": "p"}
STYLE = """
body{margin:0;font:16px/1.6 Georgia,serif;color:#222;display:flex}
main{flex:1;max-width:46em;padding:0 2em 4em 2em}
aside{width:26em;overflow-x:hidden;position:sticky;top:0;height:100vh;overflow-y:auto;
border-left:1px solid #ddd;padding:1em;font:14px/1.4 sans-serif;background:#fafafa;box-sizing:border-box}
h1{font-size:1.4em}h2{font-size:1.1em;margin-top:1.6em}
p.caption{font-size:.9em;color:#444}p.front{color:#555;font-size:.95em}pre{white-space:pre-wrap;font-size:.85em}
mark{padding:0 .08em;border-radius:.2em;cursor:pointer;color:inherit}
mark:hover,mark.on{outline:2px solid #333}
.legend span,.type{display:inline-block;margin:0 .4em .3em 0;padding:0 .35em;border-radius:.2em}
table{border-collapse:collapse;width:100%;margin-bottom:1em}
td,th{text-align:left;padding:.1em .3em;vertical-align:top;overflow-wrap:anywhere}
#detail{min-height:5em;padding:.5em;background:#fff;border:1px solid #ddd;margin-bottom:1em}
.evidence{color:#444;font-size:.9em}
"""
SCRIPT = """
const detail=document.getElementById('detail');
function show(m){document.querySelectorAll('mark.on').forEach(x=>x.classList.remove('on'));m.classList.add('on');
detail.innerHTML='<b>'+m.dataset.name+'</b><br>'+m.dataset.type+(m.dataset.id?' &middot; '+m.dataset.id:'')+
'<br><small>'+m.dataset.method+' &middot; page '+m.dataset.page+'</small>';}
document.querySelectorAll('main mark').forEach(m=>{m.addEventListener('mouseenter',()=>show(m));
m.addEventListener('click',()=>show(m));});
"""


def render_html(result: PaperResult) -> str:
    """The paper as one HTML page."""
    document = result.document
    title = html.escape(f"{document.doc_id} - exoextract")
    return (
        f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{title}</title>'
        f"<style>{STYLE}</style></head><body><main>{_body(result)}</main><aside>{_panel(result)}</aside>"
        f"<script>{SCRIPT}</script></body></html>\n"
    )


def _body(result: PaperResult) -> str:
    document = result.document
    mentions = sorted(result.mentions, key=lambda m: (m.start, -m.end))
    anchored: set[int] = set()  # sentences whose first mark carries the anchor relations link to
    out = []
    for block in document.blocks:
        parts = []
        cursor = block.start
        for mention in mentions:
            if not (block.start <= mention.start and mention.end <= block.end) or mention.start < cursor:
                continue  # outside this block, or nested in the previous mark (a population's source cell)
            parts.append(html.escape(document.text[cursor : mention.start]))
            anchor = mention.sentence_id not in anchored
            anchored.add(mention.sentence_id)
            parts.append(_mark(mention, f"s{mention.sentence_id}" if anchor else ""))
            cursor = mention.end
        parts.append(html.escape(document.text[cursor : block.end]))
        tag = BLOCK_TAGS.get(block.kind, "p")
        css = f' class="{block.kind}"' if block.kind in ("caption", "front") else ""
        out.append(f'<{tag}{css} data-block="{block.kind}">{"".join(parts)}</{tag}>')
    return "\n".join(out)


def _mark(mention: Mention, anchor: str = "") -> str:
    attributes = {"type": mention.type, "name": mention.name, "id": mention.id, "method": mention.method,
                  "page": str(mention.page)}
    data = " ".join(f'data-{key}="{html.escape(value)}"' for key, value in attributes.items())
    tooltip = html.escape(f"{mention.type}: {mention.name}" + (f" [{mention.id}]" if mention.id else ""))
    identifier = f' id="{anchor}"' if anchor else ""
    return (f'<mark{identifier} style="background:{COLORS[mention.type]}" title="{tooltip}" {data}>'
            f"{html.escape(mention.text)}</mark>")


def _panel(result: PaperResult) -> str:
    counts = Counter(m.type for m in result.mentions)
    legend = "".join(f'<span class="type" style="background:{COLORS[t]}">{t} {counts.get(t, 0)}</span>'
                     for t in ENTITY_TYPES)
    concepts: dict[str, Counter] = defaultdict(Counter)
    for mention in result.mentions:
        concepts[mention.type][(mention.name, mention.id)] += 1
    rows = []
    for concept_type in ENTITY_TYPES:
        for (name, identifier), number in sorted(concepts[concept_type].items(), key=lambda x: (-x[1], x[0])):
            rows.append(f'<tr><td><span class="type" style="background:{COLORS[concept_type]}">'
                        f"{html.escape(name)}</span></td><td>{html.escape(identifier)}</td><td>{number}</td></tr>")
    relations = "".join(
        f"<li><b>{html.escape(r.subject_name)}</b> {r.predicate} <b>{html.escape(r.object_name)}</b>"
        + (" (hedged)" if r.hedged else "") + (" (negated)" if r.negated else "")
        + f'<div class="evidence"><a href="#s{r.sentence_id}">p. {r.page}</a>: {html.escape(r.evidence)}</div></li>'
        for r in result.relations
    )
    document = result.document
    return (
        f"<h3>{html.escape(document.doc_id)}</h3><div>{document.pages} pages, {len(result.sentences)} sentences, "
        f"{len(result.mentions)} mentions</div><div class=\"legend\">{legend}</div>"
        '<div id="detail">Hover or click a highlighted mention for its canonical name and identifier.</div>'
        f"<h4>Concepts</h4><table><tr><th>name</th><th>id</th><th>n</th></tr>{''.join(rows)}</table>"
        f"<h4>Relations ({len(result.relations)})</h4><ol>{relations}</ol>"
    )
