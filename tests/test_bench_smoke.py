"""The benchmarks keep running: bench/run_all.py's functions at a tiny size, its report written to a temp file.

Speed is not checked here (that is what bench/ and docs/PERFORMANCE.md are for); only that every benchmark still
drives the real code and screens, and that the report carries the machine, every figure and its target.
"""

from __future__ import annotations

import functools
from pathlib import Path

import pytest

from desktop.core.vault.keys import TEST_COST

BENCH = Path(__file__).resolve().parent.parent / "bench"

pytestmark = pytest.mark.slow  # child processes


@pytest.fixture
def run_all(monkeypatch):
    monkeypatch.syspath_prepend(str(BENCH))  # the bench scripts import each other as top-level modules
    import run_all

    return run_all


def test_run_all_measures_everything_and_writes_the_report(qapp, run_all, tmp_path, monkeypatch):
    import bench_years

    # The years benchmark grows the notes index by 200 caught-up edits (about 90 s even on a tiny vault: each is a
    # fsynced save and an index catch-up); three run the same code, which is all a smoke test asks.
    monkeypatch.setattr(bench_years, "run", functools.partial(bench_years.run, grow_rounds=3))
    tiny = run_all.Sizes("at a tiny size (smoke test)", clients=12, sessions=60, rows=50, repeat=1, start_repeat=1,
                         cold_repeat=1, autosaves=3, cost=TEST_COST, cached_years=False)
    results = run_all.collect(tiny, drop_caches=False, keep=tmp_path / "large", progress=lambda _text: None)
    output = tmp_path / "PERFORMANCE.md"
    run_all.write(results, output)

    assert list(results.sections) == ["startup", "kdf", "rows", "clients", "memory", "scripts", "years",
                                     "stalls"]
    for section in results.sections.values():
        assert section.figures, section.title
        assert all(figure.runs and min(figure.runs) > 0 for figure in section.figures), section.title
    text = output.read_text(encoding="utf-8")
    for heading in ("# Harbour performance", "## Machine", "## Targets at a glance", "## Conditions",
                    "## Start-up", "## Unlock and the key derivation", "## Rows through vault.db",
                    "## Clients and sessions", "## Memory", "## Scripts, side by side", "## Years of notes",
                    "## Window stalls of slow operations"):
        assert heading in text
    for name, value in results.machine.items():
        assert f"| {name} | {value} |" in text
    assert "at a tiny size (smoke test)" in text
    assert "cache NOT dropped" in text, "a cold figure must say when the page cache was not dropped"
    targeted = results.targeted()
    labels = {figure.label for figure in targeted}
    assert any("unlock window shown" in label for label in labels)
    assert any(figure.unit == "MB" for figure in targeted), "peak memory is judged against its target"
    assert any("bare PySide6" in label for label in labels), "start-up is judged against a bare PySide6 window"
    assert any("stall" in label for label in labels), "the window's largest stall is judged (issue 18)"
    assert any("Arabic" in label for label in labels) and any("Chinese" in label for label in labels)
    for figure in targeted:
        assert figure.label in text
    assert text.count("✅ pass") + text.count("❌ FAIL") >= 2 * len(targeted)  # the glance table and the sections


def test_search_by_language_is_measured_before_and_after_the_table(qapp, run_all, tmp_path):
    """bench/years_languages.py on a tiny realistic vault: every figure there, before and after the fill."""
    import realistic_vault
    import years_languages

    folder = tmp_path / "vault"
    realistic_vault.build(folder, 12, TEST_COST, progress=lambda _text: None)
    section = years_languages.run(folder, repeat=1)
    labels = [figure.label for figure in section.figures]
    assert sum(label.startswith("before") for label in labels) == sum(label.startswith("after") for label in labels)
    assert any("list of languages" in label for label in labels) and any("fill step" in label for label in labels)
    assert all(figure.runs for figure in section.figures)
