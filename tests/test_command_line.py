"""Harbour's command line: the usual ones are read without argparse (issue 18's start-up), and every line means what
argparse says it means."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from desktop import __version__, app

USUAL = {
    (): {"demo": False, "vault": None, "lang": None},
    ("--demo",): {"demo": True, "vault": None, "lang": None},
    ("--vault", "/home/sam/notes"): {"demo": False, "vault": Path("/home/sam/notes"), "lang": None},
    ("--vault=/home/sam/my notes", "--lang", "fr_CA"): {"demo": False, "vault": Path("/home/sam/my notes"),
                                                        "lang": "fr_CA"},
    ("--lang=es", "--demo"): {"demo": True, "vault": None, "lang": "es"},
}


@pytest.mark.parametrize("line", list(USUAL))
def test_the_usual_command_lines_are_read_without_argparse(monkeypatch, line):
    monkeypatch.setitem(sys.modules, "argparse", None)  # importing it now fails
    assert vars(app.parse_args(list(line))) == USUAL[line]


@pytest.mark.parametrize("line", [
    *USUAL, ("--de",), ("--vault", "a", "--vault", "b"), ("--vault=-x",), ("--vault", "-1"), ("--lang=",),
    ("--vault", ""),
])
def test_every_line_means_what_argparse_says(line):
    assert vars(app.parse_args(list(line))) == vars(app._parse_with_argparse(list(line)))


@pytest.mark.parametrize("line", [("--help",), ("-h",), ("--version",), ("--bogus",), ("--vault",), ("--demo=1",),
                                  ("--lang", "--demo"), ("--demo", "extra"), ("--", "--demo")])
def test_help_version_and_mistakes_are_answered_by_argparse(capsys, line):
    with pytest.raises(SystemExit) as fast:
        app.parse_args(list(line))
    said = capsys.readouterr()
    with pytest.raises(SystemExit) as reference:
        app._parse_with_argparse(list(line))
    assert (fast.value.code, said) == (reference.value.code, capsys.readouterr())
    assert (f"harbour {__version__}" if line == ("--version",) else "usage: harbour [-h]") in said.out + said.err
