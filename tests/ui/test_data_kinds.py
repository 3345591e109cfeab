"""What changed is said with a DataKind member: a misspelt kind fails where it is written, not by leaving a
screen stale. The app's own code is read to hold every send and every comparison to the members."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from desktop.ui.shell.context import AppEvents, DataKind

DESKTOP = Path(__file__).resolve().parents[2] / "desktop"


def _modules():
    for path in sorted(DESKTOP.rglob("*.py")):
        yield path.relative_to(DESKTOP.parent), ast.parse(path.read_text(encoding="utf-8"))


def _is_call_of(node: ast.AST, *names: str) -> bool:
    """``x.<names[0]>.<names[1]>...(…)``: a call whose dotted tail is ``names``."""
    if not isinstance(node, ast.Call):
        return False
    target = node.func
    for name in reversed(names):
        if not isinstance(target, ast.Attribute) or target.attr != name:
            return False
        target = target.value
    return True


def _member_names(node: ast.AST) -> list[str]:
    return [n.attr for n in ast.walk(node)
            if isinstance(n, ast.Attribute) and isinstance(n.value, ast.Name) and n.value.id == "DataKind"]


def test_the_signal_is_sent_only_through_changed_which_refuses_anything_but_a_member(qtbot):
    events = AppEvents()
    heard = []
    events.data_changed.connect(heard.append)
    for wrong in ("clients", "clinets", "", None, 3):
        with pytest.raises(TypeError):
            events.changed(wrong)
    assert heard == []
    events.changed(DataKind.CLIENTS)
    assert heard == [DataKind.CLIENTS] and type(heard[0]) is DataKind


def test_every_kind_sent_by_the_app_is_a_member():
    direct, sent = [], []
    for path, tree in _modules():
        for node in ast.walk(tree):
            if _is_call_of(node, "data_changed", "emit") and path.name != "context.py":
                direct.append(f"{path}:{node.lineno}")
            if _is_call_of(node, "events", "changed"):
                argument = node.args[0]
                if isinstance(argument, ast.Attribute):
                    sent.append((f"{path}:{node.lineno}", argument))
                elif not isinstance(argument, ast.Name):  # a loop over members (organisation updates) is a Name
                    direct.append(f"{path}:{node.lineno}")
    assert not direct, "send a DataKind through context.events.changed():\n" + "\n".join(direct)
    assert len(sent) > 20  # the scan does find the app's sends
    unknown = [where for where, argument in sent if not _member_names(argument)
               or any(name not in DataKind.__members__ for name in _member_names(argument))]
    assert not unknown, "\n".join(unknown)


def test_every_screen_compares_the_kind_with_members_never_strings():
    strings, members, slots = [], set(), 0
    for path, tree in _modules():
        listeners = {node.args[0].attr for node in ast.walk(tree) if _is_call_of(node, "data_changed", "connect")
                     and isinstance(node.args[0], ast.Attribute)}
        for function in ast.walk(tree):
            if not isinstance(function, ast.FunctionDef) or function.name not in listeners:
                continue
            slots += 1
            for node in ast.walk(function):
                if isinstance(node, ast.Compare):
                    compared = [c for comparator in node.comparators for c in ast.walk(comparator)]
                    if any(isinstance(c, ast.Constant) and isinstance(c.value, str) for c in compared):
                        strings.append(f"{path}:{node.lineno}")
                    members.update(_member_names(node))
    assert slots >= 10  # the scan does find the screens that listen
    assert not strings, "compare with DataKind members:\n" + "\n".join(strings)
    assert members and members <= set(DataKind.__members__)
