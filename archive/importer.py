"""Importing a folder of reports laid out as <region>/<year>.<ext> (the shared corpus's shape).

Region and year come from the path, so nothing has to be inferred from the text. Second
copies in `<region>/alt/<year>__<source>.<ext>` are imported only when asked, and then as
alternates: kept and parsed, but never the report of their year while a primary exists.
Each document is its own transaction, so an import stopped or failing halfway leaves every
finished document archived and no document half-written; running it again skips what is
already there by content hash.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from targetwatch.diffing.regions import normalize_region

from targetwatch.archive.errors import DocumentRejected
from targetwatch.archive.ingest import Parser
from targetwatch.archive.store import Archive

EXTENSIONS = {".txt": "text/plain", ".html": "text/html", ".htm": "text/html", ".pdf": "application/pdf"}
_YEAR = re.compile(r"^((?:19|20|21)\d\d)(?:__.*)?$")


@dataclass(frozen=True, slots=True)
class ReportFile:
    path: Path
    region: str
    year: int
    alternate: bool
    content_type: str | None


@dataclass
class Scan:
    files: list[ReportFile] = field(default_factory=list)
    skipped: list[tuple[Path, str]] = field(default_factory=list)  # (path, why)
    alternates_left_out: int = 0


def _is_region_folder(root: Path) -> bool:
    """`root` is one region's folder (national/ rather than reports/): its name is a region and
    it holds year files itself."""
    return normalize_region(root.name) is not None and any(
        p.is_file() and _YEAR.match(p.stem) for p in root.iterdir())


def scan(root: Path, *, include_alternates: bool = False) -> Scan:
    """Find the report files under `root` (a folder of region folders, or one region's folder);
    files that do not fit the layout are listed as skipped."""
    out = Scan()
    base = root.parent if _is_region_folder(root) else root
    for path in sorted(p for p in root.rglob("*") if p.is_file() and not p.name.startswith(".")):
        rel = path.relative_to(base).parts
        alternate = len(rel) == 3 and rel[1] == "alt"
        if len(rel) != 2 and not alternate:
            out.skipped.append((path, "not <region>/<year> or <region>/alt/<year>__<source>"))
            continue
        if alternate and not include_alternates:
            out.alternates_left_out += 1
            continue
        region = normalize_region(rel[0])
        m = _YEAR.match(path.stem)
        if path.suffix.lower() not in EXTENSIONS:
            out.skipped.append((path, f"not a report file ({', '.join(sorted(EXTENSIONS))})"))
        elif region is None:
            out.skipped.append((path, f"unknown region folder {rel[0]!r}"))
        elif m is None:
            out.skipped.append((path, "file name is not a year"))
        else:
            out.files.append(ReportFile(path, region, int(m.group(1)), alternate,
                                        EXTENSIONS[path.suffix.lower()] if path.suffix.lower() != ".txt" else None))
    return out


@dataclass
class ImportReport:
    added: list[tuple[ReportFile, int]] = field(default_factory=list)  # (file, fact count)
    unchanged: list[ReportFile] = field(default_factory=list)
    failed: list[tuple[ReportFile, str]] = field(default_factory=list)
    warnings: list[tuple[ReportFile, str]] = field(default_factory=list)

    @property
    def facts(self) -> int:
        return sum(n for _, n in self.added)


def import_files(archive: Archive, files: list[ReportFile], *, parser: Parser | None = None,
                 progress: Callable[[ReportFile], None] | None = None, force: bool = False) -> ImportReport:
    """Archive each file; a file that cannot be read or parsed is reported and the rest go on."""
    report = ImportReport()
    for f in files:
        try:
            data = f.path.read_bytes()
            result = archive.add_document(data, region=f.region, year=f.year, content_type=f.content_type,
                                          source_url=f.path.resolve().as_uri(), alternate=f.alternate,
                                          parser=parser, force=force)
        except (DocumentRejected, OSError) as exc:
            report.failed.append((f, str(exc)))
        except Exception as exc:  # noqa: BLE001 - a parser bug on one report must not stop the import
            report.failed.append((f, f"{type(exc).__name__}: {exc}"))
        else:
            if result.created:
                report.added.append((f, result.fact_count))
                report.warnings.extend((f, w) for w in result.warnings)
            else:
                report.unchanged.append(f)
        if progress is not None:
            progress(f)
    return report
