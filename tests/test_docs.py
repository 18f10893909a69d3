"""The documentation matches the code: every command is documented, the quick start is what CI runs."""

from __future__ import annotations

import re

import pytest

from coopnet.cli import build_parser
from coopnet.lang import Lang

from .conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def _subcommands() -> list[str]:
    parser = build_parser()
    action = next(a for a in parser._actions if a.dest == "command")
    return sorted(action.choices)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("lang", "example"), [("de", "Beispiel: coopnet "), ("en", "example: coopnet ")]
)
def test_every_command_is_documented_with_help_and_example(lang: Lang, example: str) -> None:
    parser = build_parser(lang)
    action = next(a for a in parser._actions if a.dest == "command")
    for name, sub in action.choices.items():  # type: ignore[union-attr]
        assert f"coopnet {name}" in README, f"README does not mention 'coopnet {name}'"
        assert sub.description, name
        assert sub.epilog and sub.epilog.startswith(example), name


def test_quick_start_has_two_commands_and_ci_runs_the_test_command() -> None:
    section = README.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    commands = re.findall(r"```bash\n(.+?)\n```", section, flags=re.S)
    assert len(commands) == 2
    assert all("\n" not in c for c in commands)
    main_job, tests = commands
    assert "data/musterstadt" in main_job
    assert "pytest" in tests
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert tests in ci.splitlines()


def test_data_format_doc_lists_every_schema_column() -> None:
    from coopnet import schema

    doc = (ROOT / "docs" / "data-format.md").read_text(encoding="utf-8")
    for column in (*schema.ACTOR_KNOWN, *schema.TIE_KNOWN):
        assert f"`{column}`" in doc, column
