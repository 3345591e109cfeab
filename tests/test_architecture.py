"""The house keeps its shape: one package per feature, no folder over 20 modules, no file over 400 lines, and no
module that imports another which imports it back, directly or through others (imports inside functions count).
CONTRIBUTING.md has the map.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DESKTOP = ROOT / "desktop"
MAX_MODULES_PER_FOLDER = 20
MAX_LINES = 400


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def all_modules() -> dict[str, Path]:
    return {module_name(path): path for path in DESKTOP.rglob("*.py")}


def imports_of(path: Path, modules: dict[str, Path]) -> set[str]:
    """Every desktop module this file imports, at the top or inside a function."""
    found = set()
    package = module_name(path) if path.name == "__init__.py" else module_name(path).rsplit(".", 1)[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                kept = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(kept + ([base] if base else []))
            names = [f"{base}.{alias.name}" if f"{base}.{alias.name}" in modules else base for alias in node.names]
        else:
            continue
        for name in names:
            while name and name not in modules:
                name = name.rpartition(".")[0]
            if name.startswith("desktop.") and modules.get(name, Path()).name != "__init__.py":
                found.add(name)
    return found


def cycles() -> list[list[str]]:
    """Strongly connected groups of more than one module (Tarjan), each sorted."""
    modules = all_modules()
    graph = {name: imports_of(path, modules) - {name} for name, path in modules.items()}
    index, low, stack, on_stack, groups, counter = {}, {}, [], set(), [], [0]

    def visit(node: str) -> None:
        index[node] = low[node] = counter[0]
        counter[0] += 1
        stack.append(node)
        on_stack.add(node)
        for target in graph.get(node, ()):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for name in sorted(graph):
        if name not in index:
            visit(name)
    return sorted(groups)


def test_no_folder_holds_more_than_twenty_modules():
    crowded = {}
    for folder in [DESKTOP, *[p for p in DESKTOP.rglob("*") if p.is_dir() and p.name != "__pycache__"]]:
        count = len([p for p in folder.glob("*.py") if p.name != "__init__.py"])
        if count > MAX_MODULES_PER_FOLDER:
            crowded[str(folder.relative_to(ROOT))] = count
    assert not crowded


def test_every_package_says_what_lives_there():
    for init in DESKTOP.rglob("__init__.py"):
        docstring = ast.get_docstring(ast.parse(init.read_text(encoding="utf-8")))
        assert docstring, f"{init.relative_to(ROOT)} needs a docstring: what lives here, what it may import"


def test_no_file_is_over_four_hundred_lines():
    long_files = {str(p.relative_to(ROOT)): n for p in DESKTOP.rglob("*.py")
                  if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES}
    assert not long_files


def test_no_module_imports_one_that_imports_it_back():
    assert cycles() == []


def test_the_cycle_finder_sees_a_cycle(tmp_path, monkeypatch):
    package = tmp_path / "desktop"
    package.mkdir()
    (package / "__init__.py").write_text('"""x"""\n')
    (package / "a.py").write_text("def f():\n    from desktop import b\n")
    (package / "b.py").write_text("from desktop.a import f\n")
    import sys

    monkeypatch.setattr(sys.modules[__name__], "ROOT", tmp_path)
    monkeypatch.setattr(sys.modules[__name__], "DESKTOP", package)
    assert cycles() == [["desktop.a", "desktop.b"]]
