"""The ``kg`` command line.

Each command lives in its own module in this package and exposes a module-level
``commands`` list of click commands; they are discovered here, so a new command
is a new file and no other module changes. Discovery is lazy: running a command
imports only its module (named like the command, or listed in :data:`MODULE_OF`
when it is not), so ``kg build`` does not pay for the imports of ``kg viz``;
``kg --help`` and anything reading ``cli.commands`` import them all. Library
errors (``kg.errors.InputError``) become one line on stderr and exit code 2,
never a traceback.
"""

from __future__ import annotations

import importlib
import importlib.util
import pkgutil
import sys

import click

from kg import __version__
from kg.errors import InputError

# commands whose module is not named like the command (the rest: module == command name)
MODULE_OF = {"queries": "query"}


class KgGroup(click.Group):
    """A click group that imports a command's module only when the command is needed."""

    _discovered = False

    @property
    def commands(self) -> dict:
        if not self._discovered:
            self._discovered = True
            _discover(self)
        return self._commands

    @commands.setter
    def commands(self, value: dict) -> None:
        self._commands = value

    def get_command(self, ctx, cmd_name: str):
        if cmd_name not in self._commands and not self._discovered:
            _import_commands(self, MODULE_OF.get(cmd_name, cmd_name))
        if cmd_name not in self._commands:
            return self.commands.get(cmd_name)  # not by convention: discover them all
        return self._commands[cmd_name]

    def add_command(self, cmd, name=None) -> None:
        name = name or cmd.name
        self._commands[name] = cmd

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except InputError as exc:
            click.echo(f"kg: error: {exc}", err=True)
            ctx.exit(exc.exit_code)


@click.group(cls=KgGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="kg")
def cli() -> None:
    """Build, validate, query and draw knowledge graphs of safeguarding arrangements
    from Ofsted children's services inspection reports.

    Example: kg build report.pdf -o report.ttl
    """


def _import_commands(group: KgGroup, module_name: str) -> None:
    """Import ``kg.cli.<module_name>`` (if there is one) and add its commands."""
    if module_name.startswith("_") or not module_name.isidentifier():
        return
    if importlib.util.find_spec(f"{__name__}.{module_name}") is None:
        return
    module = importlib.import_module(f"{__name__}.{module_name}")
    for command in getattr(module, "commands", []):
        group.add_command(command)


def _discover(group: KgGroup) -> None:
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        _import_commands(group, info.name)


def main() -> None:
    cli(prog_name="kg")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
