"""The ``kg`` command line.

Each command lives in its own module in this package and exposes a module-level
``commands`` list of click commands; they are discovered here, so a new command
is a new file and no other module changes. Library errors (``kg.errors.InputError``)
become one line on stderr and exit code 2, never a traceback.
"""

from __future__ import annotations

import importlib
import pkgutil
import sys

import click

from kg import __version__
from kg.errors import InputError


class KgGroup(click.Group):
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


def _discover() -> None:
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{__name__}.{info.name}")
        for command in getattr(module, "commands", []):
            cli.add_command(command)


_discover()


def main() -> None:
    cli(prog_name="kg")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
