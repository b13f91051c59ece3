"""The documentation stays true to the code.

Commands are discovered from ``kg.cli.cli``, so a new command must come with a
help text ending in a runnable example, a mention in the README and a fresh
docs/cli.md (``make docs``). The README's own commands are checked too: they
name real commands and queries, its links resolve, and its tour runs.
"""

from __future__ import annotations

import importlib.util
import inspect
import re
import shlex
import shutil
import subprocess
import sys

import click
import pytest
from click.testing import CliRunner
from conftest import ROOT

from kg.cli import cli

README = ROOT / "README.md"
CLI_MD = ROOT / "docs" / "cli.md"
HELP_WIDTH = 80  # click's default maximum: what a user sees in a wide terminal


def _load_generator():
    spec = importlib.util.spec_from_file_location(
        "gen_cli_docs", ROOT / "scripts" / "gen_cli_docs.py"
    )
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("gen_cli_docs", module)
    spec.loader.exec_module(module)
    return module


GEN = _load_generator()
COMMANDS = [(path, command) for path, command in GEN.walk(cli)]  # ("kg",) first
SUBCOMMANDS = COMMANDS[1:]


def _ids(items):
    return [" ".join(path) for path, _ in items]


def _readme() -> str:
    return README.read_text(encoding="utf-8")


def _fenced_blocks(text: str) -> list[tuple[str, str]]:
    """(info string, body) of every fenced code block, in order."""
    return re.findall(r"^```([^\n]*)\n(.*?)^```", text, flags=re.M | re.S)


def _shell_commands(text: str) -> list[str]:
    """Every `kg ...` line of the README's shell blocks (comments dropped)."""
    lines = []
    for info, body in _fenced_blocks(text):
        if info.strip() not in ("sh", "bash", "console", "shell"):
            continue
        for line in body.splitlines():
            line = line.strip()
            if line.startswith("kg "):
                lines.append(line)
    return lines


def _example(command: click.Command) -> str:
    paragraphs = inspect.cleandoc(command.help or "").split("\n\n")
    last = paragraphs[-1].strip().removeprefix("\b").strip()  # "\b": click, do not re-wrap
    return last[len("Example:") :].strip() if last.startswith("Example:") else ""


def _resolve(words: list[str]) -> tuple[tuple[str, ...], click.Command, list[str]]:
    """The command a `kg ...` line runs, its path and its remaining arguments."""
    assert words[0] == "kg", words
    path, command, rest = ("kg",), cli, words[1:]
    while isinstance(command, click.Group) and rest and rest[0] in command.commands:
        path, command, rest = (*path, rest[0]), command.commands[rest[0]], rest[1:]
    return path, command, rest


def _parse(path: tuple[str, ...], command: click.Command, args: list[str]) -> None:
    """Parse ``args`` as the command would, under the kg group's context settings
    (a context without them would make click cache a different help option)."""
    parent = click.Context(cli, info_name="kg", **cli.context_settings)
    with command.make_context(path[-1], list(args), parent=parent):
        pass


def _help_output(path: tuple[str, ...]) -> str:
    result = CliRunner().invoke(
        cli, [*path[1:], "--help"], prog_name="kg", terminal_width=HELP_WIDTH
    )
    assert result.exit_code == 0, result.output
    return result.output


# --- every command's help -------------------------------------------------------


@pytest.mark.parametrize(("path", "command"), COMMANDS, ids=_ids(COMMANDS))
def test_command_help_ends_with_an_example_of_itself(path, command):
    example = _example(command)
    assert example, (
        f"the docstring of {' '.join(path)} must end with 'Example: {' '.join(path)} ...'"
    )
    assert "\n" not in example, f"{' '.join(path)}: keep the example on one line in the docstring"
    assert shlex.split(example)[: len(path)] == list(path), (
        f"the example of {' '.join(path)} runs another command: {example}"
    )


@pytest.mark.parametrize(("path", "command"), COMMANDS, ids=_ids(COMMANDS))
def test_command_example_parses_with_its_options(path, command):
    target_path, target, rest = _resolve(shlex.split(_example(command)) or ["kg"])
    try:
        _parse(target_path, target, rest)
    except click.UsageError as exc:
        pytest.fail(f"example of {' '.join(path)} does not parse: {exc.format_message()}")


@pytest.mark.parametrize(("path", "command"), COMMANDS, ids=_ids(COMMANDS))
def test_command_help_shows_the_example_on_one_line(path, command):
    """Click re-wraps paragraphs: an example wrapped in --help cannot be copied
    and pasted. Precede the example paragraph with a line holding only ``\\b``."""
    example = _example(command)
    assert f"Example: {example}\n" in _help_output(path), (
        f"`{' '.join(path)} --help` wraps its example; put a '\\b' line before it"
    )


@pytest.mark.parametrize(("path", "command"), SUBCOMMANDS, ids=_ids(SUBCOMMANDS))
def test_command_has_a_short_help_line(path, command):
    assert command.get_short_help_str(limit=200).strip(), f"{' '.join(path)} has no help"


# --- the README ----------------------------------------------------------------


@pytest.mark.parametrize(("path", "command"), SUBCOMMANDS, ids=_ids(SUBCOMMANDS))
def test_readme_names_every_command(path, command):
    name = " ".join(path)
    assert re.search(rf"`{re.escape(name)}\b", _readme()), f"README does not document `{name}`"


def test_readme_opens_with_the_install_and_test_commands():
    text = _readme()
    first_info, first = _fenced_blocks(text)[0]
    assert text.index("```") < text.index("\n## "), "the two commands come before any section"
    commands = [line for line in first.splitlines() if line and not line.startswith("#")]
    assert len(commands) == 2, commands
    install, test = commands
    assert "pip install -e ." in install
    assert "kg build examples/redbridge-2016.txt" in install
    assert "kg validate" in install
    assert test == "bash scripts/test.sh"


def test_readme_test_command_is_what_ci_runs():
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    ci_command = re.search(r"^exec (.+)$", ci, flags=re.M).group(1).strip()
    first = _fenced_blocks(_readme())[0][1]
    assert ci_command in first.splitlines(), f".ci/run runs {ci_command!r}, the README does not"


def test_readme_commands_are_real_commands_with_real_options():
    for line in _shell_commands(_readme()):
        path, command, rest = _resolve(shlex.split(line, comments=True))
        assert path != ("kg",) or not rest, f"README: unknown command in {line!r}"
        try:
            _parse(path, command, rest)
        except click.UsageError as exc:
            pytest.fail(f"README line does not parse: {line!r}: {exc.format_message()}")


def test_readme_queries_are_named_queries():
    names = {p.stem for p in (ROOT / "queries").glob("*.rq")}
    for line in _shell_commands(_readme()):
        words = shlex.split(line, comments=True)
        if words[:2] == ["kg", "query"]:
            assert words[2] in names or words[2].endswith(".rq"), f"no query named {words[2]!r}"


def test_readme_relative_links_point_to_files():
    for target in re.findall(r"\]\(([^)#\s]+)(?:#[^)]*)?\)", _readme()):
        if re.match(r"[a-z]+:", target) or target.startswith("../"):
            continue  # a URL, or ../shared beside the clone
        assert (ROOT / target).exists(), f"README links to a missing file: {target}"


def test_readme_repository_paths_exist():
    """`kg/normalise/`, `shapes/`, `scripts/build_councils.py` ...: a renamed module
    or file must be renamed in the README too (patterns such as `kg/rules/<family>.yaml`
    and example outputs are not paths)."""
    roots = ("kg/", "scripts/", "tests/", "benchmarks/", "docs/", "examples/", "ontology/")
    roots += ("shapes/", "queries/", ".ci/")
    for path in re.findall(r"`([^`\s]+)`", _readme()):
        if path.startswith(roots) and not re.search(r"[*<>{}]|\.\.\.", path):
            assert (ROOT / path).exists(), f"README names a missing path: {path}"


def test_readme_lists_the_exit_codes():
    section = _readme().split("## Exit codes", 1)[1].split("\n## ", 1)[0]
    for code in ("0", "1", "2"):
        assert re.search(rf"^\| {code} \|", section, flags=re.M), f"exit code {code} missing"


def test_readme_justifies_every_dependency():
    tomllib = pytest.importorskip("tomllib")  # Python 3.11+
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    wanted = list(project["dependencies"]) + list(project["optional-dependencies"]["test"])
    section = _readme().split("## Dependencies", 1)[1].split("\n## ", 1)[0]
    for requirement in wanted:
        name = re.match(r"[A-Za-z0-9_.-]+", requirement).group(0)
        assert re.search(rf"\b{re.escape(name)}\b", section), f"README does not justify {name}"


def test_readme_tour_runs_on_the_example(tmp_path, monkeypatch):
    """Every README command on the example graph runs, exits 0 and prints or writes
    something; the sample answer shown for the accountability chain is current."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "examples").symlink_to(ROOT / "examples")
    lines = [
        line
        for line in _shell_commands(_readme())
        if ("redbridge-2016.ttl" in line or "examples/" in line) and "--endpoint" not in line
    ]
    assert lines[0].startswith("kg build examples/redbridge-2016.txt"), lines[:1]
    runner = CliRunner()
    for line in lines:
        if re.search(r" -o \S+\.(svg|png)\b", line) and not shutil.which("dot"):
            continue  # Graphviz is installed by scripts/test.sh; elsewhere skip the picture
        result = runner.invoke(cli, shlex.split(line, comments=True)[1:], prog_name="kg")
        assert result.exit_code == 0, f"{line}\n{result.output}"
        if "accountability-chain" in line:
            assert result.output.strip() in _readme(), "README shows a stale answer: update it"
        output = re.search(r" -o (\S+)", line)
        if output:
            assert (tmp_path / output.group(1)).stat().st_size > 0, f"{line} wrote nothing"
        else:
            assert result.output.strip(), f"{line} printed nothing"


def test_readme_cross_council_queries_run_on_a_store(tmp_path, monkeypatch):
    """The national-store queries of the README run (here on a store of the example)."""
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    build = ["build", str(ROOT / "examples" / "redbridge-2016.txt"), "-o", "example.trig"]
    result = runner.invoke(cli, [*build, "--store", "national-store"], prog_name="kg")
    assert result.exit_code == 0, result.output
    lines = [
        line
        for line in _shell_commands(_readme())
        if line.startswith("kg query") and "--store national-store" in line
    ]
    assert lines, "README shows no query on the national store"
    for line in lines:
        result = runner.invoke(cli, shlex.split(line, comments=True)[1:], prog_name="kg")
        assert result.exit_code == 0, f"{line}\n{result.output}"


def test_readme_component_example_finds_its_mentions(tmp_path):
    """The "add your own" component runs against the real API (in a fresh
    interpreter, so its registration does not leak into other tests)."""
    blocks = [body for info, body in _fenced_blocks(_readme()) if info.strip() == "python"]
    assert blocks, "README has no component example"
    check = """
from kg.components import Context, registered
from kg.model import Document, Sentence

t = "Two family hubs opened in 2023."
doc = Document(path="x.txt", name="x.txt", kind="text", raw_text=t, text=t)
found = [c for c in globals().values() if isinstance(c, type) and c.__module__ == "__main__"]
component = [c for c in found if getattr(c, "name", "") in registered()][0]()
mentions = list(component.find_mentions(Context(doc, (), (Sentence(0, 0, len(t), t, "summary"),))))
assert [t[m.start : m.end] for m in mentions] == ["family hubs"], mentions
print("ok", component.name)
"""
    script = tmp_path / "component.py"
    script.write_text(blocks[0] + check, encoding="utf-8")
    result = subprocess.run(
        [sys.executable, str(script)], capture_output=True, text=True, timeout=120, cwd=tmp_path
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("ok "), result.stdout


# --- the generated reference ----------------------------------------------------


def test_cli_reference_is_up_to_date():
    """Run in a fresh interpreter: click caches each command's help option on first
    use, so a test that parsed a command without the group's settings could change
    the rendering in this process."""
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "gen_cli_docs.py"), "--check", str(CLI_MD)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, "docs/cli.md is stale: run `make docs` and commit it"


def test_cli_reference_covers_every_command():
    text = CLI_MD.read_text(encoding="utf-8")
    for path, _ in COMMANDS:
        assert f"\n## {' '.join(path)}\n" in text, f"docs/cli.md lacks {' '.join(path)}"


def test_makefile_help_lists_every_target():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    phony = re.search(r"^\.PHONY:(.*)$", makefile, flags=re.M).group(1).split()
    described = set(re.findall(r"^([a-z-]+):.*## ", makefile, flags=re.M))
    wanted = {
        "install",
        "test",
        "build-example",
        "validate-example",
        "docs",
        "picture",
        "bench",
        "lint",
    }
    assert wanted <= set(phony)
    assert set(phony) <= described, f"targets without a '## ' description: {set(phony) - described}"
