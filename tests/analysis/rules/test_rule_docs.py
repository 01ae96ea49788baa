"""docs/rules/ is generated from the rules: the committed pages must match what they generate.

When this fails, run ``python scripts/gen_rule_docs.py`` and commit docs/rules/.
"""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
SCRIPT = ROOT / "scripts" / "gen_rule_docs.py"


def test_committed_rule_docs_are_up_to_date():
    result = subprocess.run([sys.executable, str(SCRIPT), "--check"], capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr


def test_every_rule_has_a_page_with_its_examples():
    from analysis.rules import all_rules

    index = (ROOT / "docs/rules/README.md").read_text(encoding="utf-8")
    for rule in all_rules():
        page = (ROOT / f"docs/rules/{rule.code}.md").read_text(encoding="utf-8")
        assert page.startswith(f"# {rule.code} {rule.name}\n")
        assert "## What it does" in page and "## Examples checked by the test suite" in page
        assert rule.INVALID[0].strip("\n") in page
        assert f"[{rule.code}]({rule.code}.md)" in index


def test_the_check_mode_notices_a_stale_page(tmp_path, monkeypatch):
    sys.path.insert(0, str(SCRIPT.parent))
    try:
        import gen_rule_docs
    finally:
        sys.path.remove(str(SCRIPT.parent))
    monkeypatch.setattr(gen_rule_docs, "DOCS", tmp_path)
    monkeypatch.setattr(gen_rule_docs, "ROOT", tmp_path.parent)
    assert gen_rule_docs.main([]) == 0
    assert gen_rule_docs.stale_pages() == []
    (tmp_path / "ORM000.md").write_text("edited by hand\n")
    (tmp_path / "ORM999.md").write_text("a removed rule\n")
    stale = gen_rule_docs.stale_pages()
    assert any(s.endswith("ORM000.md") for s in stale)
    assert any("ORM999.md (no such rule)" in s for s in stale)
