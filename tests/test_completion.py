"""coopnet completion: scripts generated from the parser, exercised in real shells where present."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from coopnet.cli import COMMANDS, OPTIONS, build_parser, main
from coopnet.completion import command_specs, completion_script


def _bash_complete(script: Path, *words: str) -> list[str]:
    line = " ".join(f"'{w}'" for w in words)
    program = (
        f"source {script}\nCOMP_WORDS=({line})\nCOMP_CWORD=$((${{#COMP_WORDS[@]}}-1))\n"
        "_coopnet_complete\nprintf '%s\\n' \"${COMPREPLY[@]}\"\n"
    )
    done = subprocess.run(["bash", "-c", program], capture_output=True, text=True, check=True)
    return done.stdout.split()


@pytest.fixture(scope="module")
def bash_script(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("completion") / "coopnet.bash"
    path.write_text(completion_script(build_parser(), "bash"), encoding="utf-8")
    return path


def test_every_command_and_option_is_in_the_specs() -> None:
    specs = {s.path: s for s in command_specs(build_parser())}
    assert set(specs[()].subcommands) == set(COMMANDS)
    for name, command in COMMANDS.items():
        for key in command.options:
            for flag in OPTIONS[key].flags:
                assert flag in specs[(name,)].options, (name, flag)
    assert {"template", "import", "status"} <= set(specs[("survey",)].subcommands)


@pytest.mark.skipif(shutil.which("bash") is None, reason="no bash")
@pytest.mark.parametrize(
    ("words", "expected"),
    [
        (("coopnet", "ana"), ["analyze"]),
        (("coopnet", "analyze", "--la"), ["--layout-seed", "--lang"]),
        (("coopnet", "analyze", "x", "--lang", ""), ["de", "en"]),
        (("coopnet", "-v", "report", "x", "--csv", ""), ["standard", "excel-de"]),
        (("coopnet", "convert", "x", "y.gexf", "--format", "pa"), ["pajek"]),
        (("coopnet", "plot", "x", "--kind", "dif"), ["difference"]),
        (("coopnet", "survey", "te"), ["template"]),
        (("coopnet", "survey", "template", "--qua"), ["--quality"]),
        (("coopnet", "completion", ""), ["bash", "zsh", "fish"]),
    ],
)
def test_bash_completes(bash_script: Path, words: tuple[str, ...], expected: list[str]) -> None:
    assert _bash_complete(bash_script, *words) == expected


@pytest.mark.skipif(shutil.which("bash") is None, reason="no bash")
def test_bash_completes_file_names_for_paths(bash_script: Path, tmp_path: Path) -> None:
    (tmp_path / "umfrage.xlsx").write_bytes(b"")
    assert _bash_complete(bash_script, "coopnet", "validate", str(tmp_path / "umf")) == [
        str(tmp_path / "umfrage.xlsx")
    ]


@pytest.mark.parametrize("shell", ["zsh", "fish"])
def test_zsh_and_fish_scripts_parse(shell: str, tmp_path: Path) -> None:
    script = completion_script(build_parser(), shell)
    assert "analyze" in script and "--layout-seed" in script.replace(
        "-l layout-seed", "--layout-seed"
    )
    if shutil.which(shell) is None:
        pytest.skip(f"{shell} is not installed")
    path = tmp_path / f"coopnet.{shell}"
    path.write_text(script, encoding="utf-8")
    done = subprocess.run([shell, "-n", str(path)], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr


def test_cli_prints_the_script(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["completion", "bash"]) == 0
    assert (
        "complete -o filenames -o bashdefault -F _coopnet_complete coopnet"
        in capsys.readouterr().out
    )
    assert main(["completion", "tcsh"]) == 2


@pytest.mark.skipif(shutil.which("fish") is None, reason="fish is not installed")
def test_fish_completes(tmp_path: Path) -> None:
    path = tmp_path / "coopnet.fish"
    path.write_text(completion_script(build_parser(), "fish"), encoding="utf-8")
    program = f'source {path}; complete -C "coopnet ana"; complete -C "coopnet analyze x --csv "'
    done = subprocess.run(["fish", "-c", program], capture_output=True, text=True, check=True)
    words = [line.split("\t")[0] for line in done.stdout.splitlines()]
    assert words == ["analyze", "excel-de", "standard"]


@pytest.mark.skipif(shutil.which("zsh") is None, reason="zsh is not installed")
def test_zsh_loads_the_script(tmp_path: Path) -> None:
    path = tmp_path / "coopnet.zsh"
    path.write_text(completion_script(build_parser(), "zsh"), encoding="utf-8")
    program = f"source {path} && (( $+functions[_coopnet_complete] )) && echo loaded"
    done = subprocess.run(["zsh", "-f", "-c", program], capture_output=True, text=True,
                          check=False, env={"HOME": str(tmp_path), "PATH": "/usr/bin:/bin"})  # fmt: skip
    assert done.stdout.strip() == "loaded", done.stderr
