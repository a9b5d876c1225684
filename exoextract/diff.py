"""Row-by-row differences between two output folders: what a pipeline or vocabulary change did.

Each table is keyed by its natural key (a concept by doc_id, type and id or
name; a mention by doc_id, offsets and type; a relation by doc_id and its
triple); rows are added, removed or changed, and a changed row says which
columns went from what to what. TSV and Parquet folders compare equal when
their rows are. Reads tables only: no spaCy.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from exoextract.errors import ExoextractError
from exoextract.records import TABLE_COLUMNS
from exoextract.tables import read_table

TABLE_KEYS = {
    "documents": ("doc_id",),
    "mentions": ("doc_id", "start", "end", "type"),
    "concepts": ("doc_id", "type", "concept"),
    "relations": ("doc_id", "subject_type", "subject_name", "predicate", "object_type", "object_name"),
}
FORMATS = ("text", "markdown", "json")


class MissingTable(ExoextractError):
    """An output folder lacks a table, or a table cannot be read."""


@dataclass
class Change:
    """One row present in both folders whose other columns differ."""

    key: dict[str, str]
    columns: dict[str, tuple[str, str]]  # column -> (old, new)


@dataclass
class TableDiff:
    """Rows added, removed and changed in one table."""

    name: str
    added: list[dict[str, str]] = field(default_factory=list)
    removed: list[dict[str, str]] = field(default_factory=list)
    changed: list[Change] = field(default_factory=list)
    rows_old: int = 0
    rows_new: int = 0

    @property
    def equal(self) -> bool:
        return not (self.added or self.removed or self.changed)

    def summary(self) -> str:
        if self.equal:
            return f"{self.name}: equal ({self.rows_new} rows)"
        return (f"{self.name}: +{len(self.added)} added, -{len(self.removed)} removed, "
                f"~{len(self.changed)} changed ({self.rows_old} -> {self.rows_new} rows)")


@dataclass
class FolderDiff:
    """The differences of every table of two output folders."""

    old: Path
    new: Path
    tables: list[TableDiff]

    @property
    def equal(self) -> bool:
        return all(table.equal for table in self.tables)


def find_table(folder: Path, name: str) -> Path:
    """``folder/<name>.tsv`` or ``.parquet`` (TSV first when both exist)."""
    if not folder.is_dir():
        raise MissingTable(f"no such output folder: {folder}")
    for suffix in (".tsv", ".parquet"):
        path = folder / f"{name}{suffix}"
        if path.exists():
            return path
    raise MissingTable(f"{folder}: no {name}.tsv or {name}.parquet")


def load_rows(path: Path, name: str) -> pd.DataFrame:
    """A table with every cell as text, whatever its file format, plus its key column for concepts."""
    try:
        frame = read_table(path)
    except Exception as error:  # pandas and pyarrow raise many types for damaged files
        raise MissingTable(f"{path}: cannot read: {error.__class__.__name__}: {error}") from error
    missing = [c for c in TABLE_COLUMNS[name] if c not in frame.columns]
    if missing:
        raise MissingTable(f"{path}: missing column {missing[0]!r}")
    frame = frame.fillna("").astype(str)
    for column in frame.columns:  # Parquet gives True/False and numbers as they are; TSV as it wrote them
        frame[column] = frame[column].str.replace(r"^(-?\d+)\.0$", r"\1", regex=True)
    if name == "concepts":
        frame["concept"] = frame["id"].where(frame["id"] != "", "name:" + frame["name"].str.lower())
    return frame


def diff_table(name: str, old: pd.DataFrame, new: pd.DataFrame) -> TableDiff:
    keys = list(TABLE_KEYS[name])
    columns = [c for c in TABLE_COLUMNS[name] if c not in keys]
    result = TableDiff(name, rows_old=len(old), rows_new=len(new))
    old_rows, new_rows = _keyed(old, keys), _keyed(new, keys)
    for key in sorted(old_rows.keys() - new_rows.keys()):
        result.removed.append(_row(old_rows[key], keys, columns))
    for key in sorted(new_rows.keys() - old_rows.keys()):
        result.added.append(_row(new_rows[key], keys, columns))
    for key in sorted(old_rows.keys() & new_rows.keys()):
        before, after = old_rows[key], new_rows[key]
        changed = {c: (before[c], after[c]) for c in columns if before[c] != after[c]}
        if changed:
            result.changed.append(Change(dict(zip(keys, key[:-1])), changed))
    return result


def _keyed(frame: pd.DataFrame, keys: list[str]) -> dict[tuple, dict[str, str]]:
    """Rows by key; a key that repeats gets its occurrence number, so no row is lost."""
    seen: Counter[tuple] = Counter()
    rows = {}
    for row in frame.to_dict("records"):
        key = tuple(row[k] for k in keys)
        rows[(*key, seen[key])] = row
        seen[key] += 1
    return rows


def _row(row: dict[str, str], keys: list[str], columns: list[str]) -> dict[str, str]:
    return {c: row[c] for c in [*keys, *columns] if c != "concept"}


def diff_folders(old: Path, new: Path) -> FolderDiff:
    """Compare every table of two output folders (TSV or Parquet, mixed)."""
    tables = []
    for name in TABLE_COLUMNS:
        tables.append(diff_table(name, load_rows(find_table(old, name), name), load_rows(find_table(new, name), name)))
    return FolderDiff(old, new, tables)


# --- rendering ---------------------------------------------------------------------------------


def _key_text(key: dict[str, str]) -> str:
    return " ".join(f"{k}={v}" for k, v in key.items()) or "-"


def _describe(row: dict[str, str], name: str) -> str:
    keys = [k for k in TABLE_KEYS[name] if k != "concept"]
    extra = {"concepts": ("id", "name"), "mentions": ("text", "id", "name")}.get(name, ())
    return " ".join(f"{k}={row[k]}" for k in [*keys, *extra] if k in row)


def render_text(result: FolderDiff, limit: int = 200) -> str:
    lines = [f"exoextract diff {result.old} {result.new}"]
    for table in result.tables:
        lines.append(table.summary())
        shown = 0
        for sign, rows in (("+", table.added), ("-", table.removed)):
            for row in rows:
                if shown < limit:
                    lines.append(f"  {sign} {_describe(row, table.name)}")
                shown += 1
        for change in table.changed:
            if shown < limit:
                detail = "; ".join(f"{c}: {a!r} -> {b!r}" for c, (a, b) in change.columns.items())
                lines.append(f"  ~ {_key_text(change.key)}: {detail}")
            shown += 1
        if shown > limit:
            lines.append(f"  ... {shown - limit} more")
    return "\n".join(lines)


def render_markdown(result: FolderDiff, limit: int = 200) -> str:
    lines = [f"### exoextract diff: {'no changes' if result.equal else 'tables changed'}", "",
             "| table | added | removed | changed | rows |", "|---|---|---|---|---|"]
    for table in result.tables:
        lines.append(f"| {table.name} | {len(table.added)} | {len(table.removed)} | {len(table.changed)} | "
                     f"{table.rows_old} → {table.rows_new} |")
    for table in result.tables:
        if table.equal:
            continue
        lines += ["", f"#### {table.name}", ""]
        entries = [f"- added: `{_describe(r, table.name)}`" for r in table.added]
        entries += [f"- removed: `{_describe(r, table.name)}`" for r in table.removed]
        entries += [
            f"- changed `{_key_text(c.key)}`: " + "; ".join(f"{k}: `{a}` → `{b}`" for k, (a, b) in c.columns.items())
            for c in table.changed
        ]
        lines += entries[:limit] + ([f"- ... {len(entries) - limit} more"] if len(entries) > limit else [])
    return "\n".join(lines)


def render_json(result: FolderDiff) -> str:
    return json.dumps({
        "old": str(result.old), "new": str(result.new), "equal": result.equal,
        "tables": {
            t.name: {"added": t.added, "removed": t.removed,
                     "changed": [{"key": c.key, "columns": {k: list(v) for k, v in c.columns.items()}}
                                 for c in t.changed],
                     "rows_old": t.rows_old, "rows_new": t.rows_new}
            for t in result.tables
        },
    }, indent=1, ensure_ascii=False)


def render(result: FolderDiff, fmt: str = "text") -> str:
    """The diff as text (for a terminal), markdown (a CI job summary) or JSON."""
    if fmt == "markdown":
        return render_markdown(result)
    if fmt == "json":
        return render_json(result)
    return render_text(result)


def gold_changes(old: Path, new: Path, gold: Path) -> str:
    """Per gold paper: the gold concepts the new tables find and the old did not, and the reverse."""
    from exoextract.evaluate import concepts_match

    old_rows = load_rows(find_table(old, "concepts"), "concepts").to_dict("records")
    new_rows = load_rows(find_table(new, "concepts"), "concepts").to_dict("records")
    lines = []
    for gold_file in sorted(gold.glob("*/concepts.tsv")):
        doc_id = gold_file.parent.name
        truth = read_table(gold_file).fillna("").astype(str).to_dict("records")
        before = [r for r in old_rows if r["doc_id"] == doc_id]
        after = [r for r in new_rows if r["doc_id"] == doc_id]
        for row in truth:
            was, now = any(concepts_match(p, row) for p in before), any(concepts_match(p, row) for p in after)
            if was != now:
                lines.append(f"  {'gained' if now else 'lost'} {doc_id} {row['type']} {row['id'] or '-'} "
                             f"{row['name']} ({row.get('example', '')})")
    return "gold concepts changed:\n" + "\n".join(lines) if lines else "gold concepts changed: none"
