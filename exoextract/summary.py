"""The corpus view curators read (ExoCarta-like), rolled up from the relation tables of every paper.

Four tables, each row with the number of papers and of evidence sentences
(relation rows: one per triple and paper) behind it, and the ids of those
sentences in ``evidence.tsv``:

- ``exosome_cargo``: which exosome populations carry which markers and miRNAs;
- ``cargo_outcomes``: what a carried molecule does (promotes or inhibits an outcome or a cell type);
- ``source_outcomes``: what a population does;
- ``exosome_markers``: molecules used to identify exosomes.

Effects keep their direction: a row counts the papers that say ``promotes``
and those that say ``inhibits``, the negated ones, and the share of hedged
statements. :func:`write_summary` writes the TSVs and one static HTML page
(sortable tables, counts shaded, every count linking to its sentences) that
needs no server and fetches nothing. No spaCy is imported.
"""

from __future__ import annotations

import html
import json
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from exoextract.tables import read_table

EFFECTS = ("promotes", "inhibits")
EVIDENCE_COLUMNS = ("evidence_id", "doc_id", "sentence_id", "page", "subject_type", "subject_name", "predicate",
                    "object_type", "object_name", "hedged", "negated", "evidence")


@dataclass
class Summary:
    """The roll-up of one output folder."""

    exosome_cargo: pd.DataFrame
    cargo_outcomes: pd.DataFrame
    source_outcomes: pd.DataFrame
    exosome_markers: pd.DataFrame
    evidence: pd.DataFrame
    papers: int  # papers with at least one relation
    documents: int  # papers in the folder

    def tables(self) -> dict[str, pd.DataFrame]:
        return {"exosome_cargo": self.exosome_cargo, "cargo_outcomes": self.cargo_outcomes,
                "source_outcomes": self.source_outcomes, "exosome_markers": self.exosome_markers,
                "evidence": self.evidence}


class NoRelations(FileNotFoundError):
    """The folder has no relations table (run ``exoextract ingest`` or ``batch`` first)."""


def read_relations(out: Path) -> pd.DataFrame:
    for name in ("relations.tsv", "relations.parquet"):
        if (out / name).exists():
            frame = read_table(out / name)
            for flag in ("hedged", "negated"):
                frame[flag] = frame[flag].astype(str).str.lower() == "true"
            return frame
    raise NoRelations(f"no relations.tsv in {out}; run exoextract ingest or batch first")


def summarize(out: Path) -> Summary:
    """Roll up ``out/relations.tsv`` (every paper in it)."""
    relations = read_relations(out).reset_index(drop=True)
    relations["evidence_id"] = [f"e{number}" for number in range(1, len(relations) + 1)]
    evidence = relations[list(EVIDENCE_COLUMNS)].copy()
    for flag in ("hedged", "negated"):
        evidence[flag] = evidence[flag].map({True: "true", False: "false"})
    carries = relations[relations["predicate"] == "carries"]
    effects = relations[relations["predicate"].isin(EFFECTS)]
    return Summary(
        exosome_cargo=_counted(carries, {"subject_name": "exosome", "object_type": "cargo_type",
                                         "object_name": "cargo"}),
        cargo_outcomes=_effects(effects[effects["subject_type"].isin(["MARKER", "MIRNA"])],
                                {"subject_type": "cargo_type", "subject_name": "cargo"}),
        source_outcomes=_effects(effects[effects["subject_type"] == "EXOSOME"], {"subject_name": "exosome"}),
        exosome_markers=_counted(relations[relations["predicate"] == "marker_of"],
                                 {"subject_name": "marker", "object_name": "exosome"}),
        evidence=evidence,
        papers=relations["doc_id"].nunique(),
        documents=_documents(out, relations),
    )


def _documents(out: Path, relations: pd.DataFrame) -> int:
    for name in ("documents.tsv", "documents.parquet"):
        if (out / name).exists():
            return len(read_table(out / name))
    return relations["doc_id"].nunique()


def _counted(rows: pd.DataFrame, keys: dict[str, str]) -> pd.DataFrame:
    """One row per key: papers, evidence sentences, hedged share and the evidence ids."""
    columns = [*keys.values(), "papers", "evidence", "hedged_share", "evidence_ids"]
    if rows.empty:
        return pd.DataFrame(columns=columns)
    grouped = rows.groupby(list(keys), sort=False).agg(
        papers=("doc_id", "nunique"), evidence=("evidence_id", "size"), hedged_share=("hedged", "mean"),
        evidence_ids=("evidence_id", " ".join)).reset_index()
    grouped = grouped.rename(columns=keys)
    grouped["hedged_share"] = grouped["hedged_share"].round(2)
    return _ordered(grouped[columns], list(keys.values()))


def _effects(rows: pd.DataFrame, keys: dict[str, str]) -> pd.DataFrame:
    """One row per (subject, object): papers saying promotes / inhibits, negated ones, the direction."""
    keys = {**keys, "object_type": "target_type", "object_name": "target"}
    columns = [*keys.values(), "direction", "promotes", "inhibits", "negated", "papers", "evidence", "hedged_share",
               "evidence_ids"]
    if rows.empty:
        return pd.DataFrame(columns=columns)
    rows = rows.assign(
        promoting=rows["doc_id"].where((rows["predicate"] == "promotes") & ~rows["negated"]),
        inhibiting=rows["doc_id"].where((rows["predicate"] == "inhibits") & ~rows["negated"]))
    grouped = rows.groupby(list(keys), sort=False).agg(
        promotes=("promoting", "nunique"), inhibits=("inhibiting", "nunique"), negated=("negated", "sum"),
        papers=("doc_id", "nunique"), evidence=("evidence_id", "size"), hedged_share=("hedged", "mean"),
        evidence_ids=("evidence_id", " ".join)).reset_index().rename(columns=keys)
    grouped["negated"] = grouped["negated"].astype(int)
    grouped["hedged_share"] = grouped["hedged_share"].round(2)
    grouped["direction"] = [
        "mixed" if p and i else "promotes" if p else "inhibits" if i else "not shown"
        for p, i in zip(grouped["promotes"], grouped["inhibits"])]
    return _ordered(grouped[columns], list(keys.values()))


def _ordered(frame: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """Most supported first, then by name: the same order every run."""
    return frame.sort_values(["papers", "evidence", *keys], ascending=[False, False, *[True] * len(keys)],
                             kind="stable").reset_index(drop=True)


# --- writing -----------------------------------------------------------------------------------------

TITLES = {
    "exosome_cargo": "Cargo: which exosomes carry which markers and miRNAs",
    "cargo_outcomes": "What the cargo does",
    "source_outcomes": "What the exosomes do",
    "exosome_markers": "Markers used to identify exosomes",
}
COUNT_COLUMNS = ("papers", "evidence", "promotes", "inhibits", "negated")


def write_summary(summary: Summary, dest: Path) -> list[Path]:
    """The TSV tables and ``index.html`` in ``dest``; returns the files written."""
    dest.mkdir(parents=True, exist_ok=True)
    written = []
    for name, frame in summary.tables().items():
        path = dest / f"{name}.tsv"
        frame.to_csv(path, sep="\t", index=False, lineterminator="\n")
        written.append(path)
    page = dest / "index.html"
    page.write_text(render_summary(summary), encoding="utf-8")
    written.append(page)
    return written


def _table_html(name: str, frame: pd.DataFrame) -> str:
    shown = [c for c in frame.columns if c != "evidence_ids"]
    maxima = {c: max(int(frame[c].max()), 1) if len(frame) else 1 for c in COUNT_COLUMNS if c in frame.columns}
    head = "".join(f'<th data-column="{i}">{html.escape(c)}</th>' for i, c in enumerate(shown))
    body = []
    for row in frame.itertuples(index=False):
        values = row._asdict()
        link = f"#{name}-{values['evidence_ids'].split()[0]}" if values["evidence_ids"] else ""
        cells = []
        for column in shown:
            value = values[column]
            if column in maxima:
                shade = 0.08 + 0.6 * int(value) / maxima[column]
                cells.append(f'<td class="n" data-sort="{int(value)}" style="background:rgba(31,119,180,{shade:.2f})">'
                             f'<a href="{link}">{int(value)}</a></td>')
            else:
                cells.append(f'<td data-sort="{html.escape(str(value))}">{html.escape(str(value))}</td>')
        body.append(f"<tr>{''.join(cells)}</tr>")
    return (f'<table class="sortable" id="{name}"><thead><tr>{head}</tr></thead>'
            f'<tbody>{"".join(body)}</tbody></table>')


def _evidence_html(name: str, frame: pd.DataFrame, evidence: pd.DataFrame) -> str:
    by_id = evidence.set_index("evidence_id")
    keys = [c for c in frame.columns if c not in ("evidence_ids", "papers", "evidence", "hedged_share", *COUNT_COLUMNS,
                                                  "direction")]
    blocks = []
    for row in frame.itertuples(index=False):
        values = row._asdict()
        ids = values["evidence_ids"].split()
        if not ids:
            continue
        label = " · ".join(html.escape(str(values[k])) for k in keys)
        items = []
        for evidence_id in ids:
            item = by_id.loc[evidence_id]
            flags = "".join(f" <em>{f}</em>" for f in ("hedged", "negated") if item[f] == "true")
            items.append(f"<li><b>{html.escape(item['doc_id'])}</b> p. {html.escape(str(item['page']))}, "
                         f"{html.escape(item['predicate'])}{flags}: {html.escape(item['evidence'])}</li>")
        blocks.append(f'<details id="{name}-{ids[0]}"><summary>{label} ({len(ids)})</summary>'
                      f'<ul>{"".join(items)}</ul></details>')
    return "".join(blocks)


SCRIPT = """
document.querySelectorAll("table.sortable th").forEach(function (th) {
  th.addEventListener("click", function () {
    var table = th.closest("table"), body = table.tBodies[0], index = +th.dataset.column;
    var down = th.dataset.order !== "desc";
    th.dataset.order = down ? "desc" : "asc";
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (a, b) {
      var x = a.cells[index].dataset.sort, y = b.cells[index].dataset.sort;
      var nx = parseFloat(x), ny = parseFloat(y);
      var c = (!isNaN(nx) && !isNaN(ny)) ? nx - ny : x.localeCompare(y);
      return down ? -c : c;
    });
    rows.forEach(function (r) { body.appendChild(r); });
  });
});
document.querySelectorAll("td.n a").forEach(function (a) {
  a.addEventListener("click", function () {
    var target = document.getElementById(a.getAttribute("href").slice(1));
    if (target) { target.open = true; }
  });
});
"""

STYLE = """
body{font-family:system-ui,sans-serif;margin:2em;max-width:1200px;color:#222}
table{border-collapse:collapse;margin:1em 0;font-size:14px}
th,td{border:1px solid #ccc;padding:3px 8px;text-align:left}
th{cursor:pointer;background:#f2f2f2} td.n{text-align:right} td.n a{color:#000;text-decoration:none}
details{margin:.3em 0} summary{cursor:pointer} li{margin:.2em 0}
"""


def render_summary(summary: Summary) -> str:
    """One self-contained HTML page: no script, style or font is fetched."""
    sections = []
    for name, title in TITLES.items():
        frame = summary.tables()[name]
        sections.append(f'<section><h2>{html.escape(title)} ({len(frame)})</h2>{_table_html(name, frame)}'
                        f'<h3>Evidence</h3>{_evidence_html(name, frame, summary.evidence)}</section>')
    data = json.dumps({"documents": summary.documents, "papers": summary.papers, "relations": len(summary.evidence)})
    return (f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>exoextract summary</title>'
            f"<style>{STYLE}</style></head><body><h1>exoextract corpus summary</h1>"
            f"<p>{summary.documents} papers, {summary.papers} of them with relations; {len(summary.evidence)} "
            f"relations. Click a column to sort, a count to "
            f"read its sentences.</p>{''.join(sections)}"
            f'<script type="application/json" id="counts">{data}</script><script>{SCRIPT}</script></body></html>')
