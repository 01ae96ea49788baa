"""The labelled corpus (../shared/corpus) and our own cases (tests/analysis/cases): precision and
recall of the checker per rule family.

Label format (a header of comment lines at the top of each case file)::

    # expect: ORM1 at 23        a finding of family ORM1 (ORM101, ORM102, ...) on 1-based line 23
    # expect: none              no finding of any family
    # alt: ORM1 at 40 for 23    line 40 is an equally good place for the finding labelled at 23

A finding matches a label when file, family and line (or an alt line) agree; each label matches
at most one finding.  Unmatched labels are misses, unmatched findings false positives.  Support
files (``models_*.py``, ``__init__.py``, files without an ``# expect:`` header) are not cases but
are analysed with the cases, so imports of shared model modules resolve.

Run ``.venv/bin/python tests/analysis/test_corpus.py [DIR ...]`` to print the table alone.
"""
from __future__ import annotations

import os
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest

# family -> (minimum precision, minimum recall).  One table for every family the suite holds to a
# bar; families without a row are still printed.
BARS: dict[str, tuple[float, float]] = {
    "ORM1": (0.95, 0.90),
    "ORM2": (0.95, 0.90),
    "ORM3": (0.95, 0.90),
}

HERE = Path(__file__).resolve().parent
CORPUS = Path(os.environ.get("ORMLENS_CORPUS") or next(
    (c for c in (HERE.parents[2] / "shared" / "corpus", Path("/work/shared/corpus")) if c.is_dir()),
    HERE.parents[2] / "shared" / "corpus"))
OWN_CASES = HERE / "cases"

_EXPECT = re.compile(r"^#\s*expect:\s*(?:(none)|(ORM\d)\s+at\s+(\d+))\s*$", re.IGNORECASE)
_ALT = re.compile(r"^#\s*alt:\s*(ORM\d)\s+at\s+(\d+)\s+for\s+(\d+)\s*$", re.IGNORECASE)


@dataclass
class Case:
    path: Path
    labels: list[tuple[str, int]] = field(default_factory=list)       # (family, line)
    alts: dict[tuple[str, int], set[int]] = field(default_factory=dict)
    negative: bool = False


def read_case(path: Path) -> Case | None:
    """The labels of a case file, or None for a support file."""
    if path.name == "__init__.py" or path.name.startswith("models_"):
        return None
    case = Case(path)
    found = False
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line.startswith("#"):
            if line:
                break
            continue
        expect = _EXPECT.match(line)
        if expect:
            found = True
            if expect.group(1):
                case.negative = True
            else:
                case.labels.append((expect.group(2).upper(), int(expect.group(3))))
            continue
        alt = _ALT.match(line)
        if alt:
            key = (alt.group(1).upper(), int(alt.group(3)))
            case.alts.setdefault(key, set()).add(int(alt.group(2)))
    if not found:
        return None
    if case.negative and case.labels:
        raise ValueError(f"{path}: '# expect: none' together with expected findings")
    for family, line in case.alts:
        if (family, line) not in case.labels:
            raise ValueError(f"{path}: '# alt' for line {line} which has no '# expect' label")
    return case


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    false_positives: list[str] = field(default_factory=list)
    misses: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0


def score_directory(root: Path) -> dict[str, Score]:
    """Analyse ``root`` as one project and score every case file under it, per family."""
    from analysis.workspace import Workspace

    ws = Workspace(root)
    ws.index()
    scores: dict[str, Score] = {}
    for path in sorted(root.rglob("*.py")):
        case = read_case(path)
        if case is None:
            continue
        findings = [f for f in ws.check(str(path)) if f.code != "ORM000"]
        found: dict[str, list[tuple[int, str]]] = {}
        for finding in findings:
            found.setdefault(finding.family, []).append(
                (finding.range.start.line + 1, f"{finding.code} {finding.message}"))
        families = {f for f, _ in case.labels} | set(found)
        for family in families:
            score = scores.setdefault(family, Score())
            pool = list(found.get(family, []))
            labels = [line for fam, line in case.labels if fam == family]
            unmatched: list[int] = []
            for line in labels:          # exact lines first, then the alternatives
                hit = next((item for item in pool if item[0] == line), None)
                if hit is not None:
                    pool.remove(hit)
                    score.tp += 1
                else:
                    unmatched.append(line)
            for line in unmatched:
                alts = case.alts.get((family, line), set())
                hit = next((item for item in pool if item[0] in alts), None)
                if hit is not None:
                    pool.remove(hit)
                    score.tp += 1
                else:
                    score.fn += 1
                    score.misses.append(f"{path.relative_to(root)}:{line}: {family} expected")
            for line, text in pool:
                score.fp += 1
                score.false_positives.append(f"{path.relative_to(root)}:{line}: {text}")
    return scores


def table(title: str, scores: dict[str, Score]) -> str:
    rows = [f"{title}", f"  {'family':7} {'tp':>4} {'fp':>4} {'fn':>4} {'precision':>10} "
            f"{'recall':>7}  bar"]
    for family in sorted(scores):
        s = scores[family]
        bar = BARS.get(family)
        bar_text = f">= {bar[0]:.2f} / {bar[1]:.2f}" if bar else "-"
        rows.append(f"  {family:7} {s.tp:4} {s.fp:4} {s.fn:4} {s.precision:10.3f} "
                    f"{s.recall:7.3f}  {bar_text}")
        rows.extend(f"    false positive  {item}" for item in s.false_positives)
        rows.extend(f"    missed          {item}" for item in s.misses)
    return "\n".join(rows)


def assert_bars(title: str, scores: dict[str, Score], families=None) -> None:
    report = table(title, scores)
    print("\n" + report)
    for family, (min_precision, min_recall) in BARS.items():
        if families is not None and family not in families:
            continue
        score = scores.get(family, Score())
        assert score.tp + score.fn > 0, f"{title}: no {family} labels were scored\n{report}"
        assert score.precision >= min_precision, f"{family} precision below the bar\n{report}"
        assert score.recall >= min_recall, f"{family} recall below the bar\n{report}"


def test_labels_are_well_formed(tmp_path: Path) -> None:
    good = tmp_path / "c1.py"
    good.write_text("# expect: ORM1 at 5\n# alt: ORM1 at 7 for 5\n# why: x\n\nx = 1\n")
    case = read_case(good)
    assert case is not None and case.labels == [("ORM1", 5)] and case.alts == {("ORM1", 5): {7}}
    bad = tmp_path / "c2.py"
    bad.write_text("# expect: none\n# expect: ORM1 at 3\nx = 1\n")
    with pytest.raises(ValueError, match="expect: none"):
        read_case(bad)
    orphan = tmp_path / "c3.py"
    orphan.write_text("# expect: ORM1 at 3\n# alt: ORM1 at 4 for 9\nx = 1\n")
    with pytest.raises(ValueError, match="no '# expect' label"):
        read_case(orphan)
    assert read_case(tmp_path / "c1.py") is not None
    (tmp_path / "models_x.py").write_text("# expect: ORM1 at 1\n")
    assert read_case(tmp_path / "models_x.py") is None


def test_scorer_counts_hits_misses_and_false_positives(tmp_path: Path) -> None:
    (tmp_path / "models_m.py").write_text(
        "from sqlalchemy import ForeignKey\n"
        "from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship\n\n"
        "class Base(DeclarativeBase):\n    pass\n\n"
        "class User(Base):\n    __tablename__ = 'users'\n"
        "    id: Mapped[int] = mapped_column(primary_key=True)\n"
        "    posts: Mapped[list['Post']] = relationship()\n\n"
        "class Post(Base):\n    __tablename__ = 'posts'\n"
        "    id: Mapped[int] = mapped_column(primary_key=True)\n"
        "    user_id: Mapped[int] = mapped_column(ForeignKey('users.id'))\n")
    body = ("from sqlalchemy import select\nfrom models_m import User\n\n\n"
            "def f(session):\n    for u in session.scalars(select(User)):\n"
            "        print(len(u.posts))\n")
    (tmp_path / "hit.py").write_text("# expect: ORM1 at 9\n\n" + body)        # line 9: u.posts
    (tmp_path / "miss.py").write_text("# expect: ORM1 at 3\n" + "x = 1\n")
    (tmp_path / "fp.py").write_text("# expect: none\n\n" + body)
    scores = score_directory(tmp_path)
    assert (scores["ORM1"].tp, scores["ORM1"].fn, scores["ORM1"].fp) == (1, 1, 1)
    assert scores["ORM1"].precision == 0.5 and scores["ORM1"].recall == 0.5


@pytest.mark.skipif(not CORPUS.is_dir(), reason=f"labelled corpus not found at {CORPUS}")
def test_shared_corpus_meets_the_bars() -> None:
    assert_bars(f"corpus {CORPUS}", score_directory(CORPUS))


def test_own_cases_meet_the_bars() -> None:
    scores = score_directory(OWN_CASES)
    assert_bars(f"own cases {OWN_CASES}", scores, families={"ORM1"})
    cases = [p for p in OWN_CASES.rglob("*.py") if read_case(p) is not None]
    assert len(cases) >= 15


if __name__ == "__main__":
    for directory in (sys.argv[1:] or [str(CORPUS), str(OWN_CASES)]):
        print(table(directory, score_directory(Path(directory))))
