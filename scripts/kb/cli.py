"""The ``kb`` command: validate, generate, build, scaffold, format, export.

Usage:
    kb check [FILE ...] [--format text|github] [--fail-on-warnings]
    kb schema [--fix]              regenerate / verify schema/codelists.schema.json
    kb rules                       list the named validation rules
    kb generate [--check]          write the Markdown pages under docs/
    kb site [--out DIR]            check + generate + mkdocs build, atomically
    kb serve [--port N] [--full]   live preview: pages rebuilt after every saved edit
    kb new KIND ID [--theme T]     scaffold a record (criterion, practice, label, term)
    kb fmt [FILE ...] [--fix]      check (or rewrite) records in canonical form
    kb translations [--mark-reviewed ID ...]   report possibly outdated translations
    kb export ...                  tender kits and open data (see `kb export --help`)

Exit status: 0 when everything is fine, 1 when a check failed, 2 on usage errors.
Every command reports bad input as located messages, never as a traceback.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from . import kinds


def _root(args) -> Path:
    return Path(args.root).resolve() if getattr(args, "root", None) else kinds.ROOT


def _relative(root: Path, files: list[str]) -> list[str]:
    """Command-line paths as paths relative to ``root`` (links are not resolved, so a link
    inside the repository stays itself and is judged as a link)."""
    out = []
    for name in files:
        path = Path(os.path.abspath(name))
        try:
            out.append(path.relative_to(root).as_posix())
        except ValueError:
            # A relative name that is not under the current folder is read from the root
            # (``kb --root R check criteria/…``); an absolute one stays outside.
            relative = os.path.normpath(name)
            out.append(
                path.as_posix() if os.path.isabs(name) or relative.startswith("..") else Path(relative).as_posix()
            )
    return out


def cmd_check(args) -> int:
    from .messages import WARNING, format_github, format_text
    from .repository import argument_problems, load_repository

    root = _root(args)
    only = _relative(root, args.files) if args.files else None
    repo = load_repository(root, only=only)
    if only is not None:
        reported = {m.file for m in repo.messages}
        refused = [m for m in argument_problems(root, only) if m.file not in reported]
        repo.messages = sorted(set(repo.messages) | set(refused), key=lambda m: m.sort_key())
    fmt = args.format or ("github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text")
    output = format_github if fmt == "github" else format_text
    text = output(repo.messages, len(only) if only is not None else repo.files_checked)
    if fmt == "text" and only is None and repo.ok:
        # The content report (unverified legal articles, label claims) goes before the closing total.
        from .report import content_report

        body, _, total = text.rpartition("\n")
        text = "\n".join(part for part in (body, *content_report(repo.records), total) if part)
    print(text)
    failed = not repo.ok or (args.fail_on_warnings and any(m.level == WARNING for m in repo.messages))
    return 1 if failed else 0


def cmd_schema(args) -> int:
    from . import codelists
    from .yamlload import YamlError

    root = _root(args)
    codelists.load_codelists.cache_clear()
    try:
        text = codelists.render_generated_schema(codelists.load_codelists(kinds.SchemaRoot(root).codelist_dir))
    except (YamlError, KeyError, TypeError) as exc:
        print(f"cannot read the codelists ({exc}); run `kb check` for located errors")
        return 1
    target = kinds.SchemaRoot(root).generated_schema
    current = target.read_text(encoding="utf-8") if target.exists() else ""
    if current == text:
        print("schema/codelists.schema.json is in sync with schema/codelists/")
        return 0
    if args.fix:
        target.write_text(text, encoding="utf-8")
        print("wrote schema/codelists.schema.json")
        return 0
    print("schema/codelists.schema.json is out of date; run `kb schema --fix`")
    return 1


def cmd_rules(args) -> int:
    from . import rules
    from .messages import FILE_RULES

    # File and schema checks first (they run first), then the named rules.
    for name, description in FILE_RULES.items():
        if name not in rules.RULES:  # missing-language is both: the rule documents it
            print(f"{name:22} {'file':10} {description}")
    for rule in rules.RULES.values():
        print(f"{rule.name:22} {rule.scope:10} {rule.description}")
    return 0


def cmd_serve(args) -> int:
    from .site import serve

    return serve.serve(_root(args), args.host, args.port, full=args.full)


def cmd_generate(args) -> int:
    from .buildlock import build_lock
    from .messages import format_text
    from .repository import load_repository
    from .site.build import FAILURES, explain, source_date_epoch
    from .site.generated_files import generate_site_sources

    root = _root(args)
    try:
        with build_lock(root):
            repo = load_repository(root)
            if not repo.ok:
                print(format_text(repo.messages, repo.files_checked))
                print("pages not generated: fix the errors above first")
                return 1
            report = generate_site_sources(repo, root, source_date_epoch(root), check=args.check)
    except FAILURES as exc:
        print(f"pages not generated: {explain(exc)}")
        return 1
    print(report.summary())
    return 1 if (args.check and report.changed) else 0


def cmd_site(args) -> int:
    from .site import build

    return build.build_site(_root(args), Path(args.out) if args.out else None)


def cmd_new(args) -> int:
    from . import scaffold

    return scaffold.main(_root(args), args.kind, args.id, args.theme, args.force)


def cmd_fmt(args) -> int:
    from . import canonical

    root = _root(args)
    return canonical.main(root, _relative(root, args.files) if args.files else None, args.fix)


def cmd_translations(args) -> int:
    from . import translation_report

    return translation_report.main(_root(args), args.mark_reviewed or [], args.format)


def cmd_export(args) -> int:
    from .export import cli as export_cli

    return export_cli.main(_root(args), args)


class _Parser(argparse.ArgumentParser):
    """Usage errors in one line (no usage dump), exit status 2."""

    def error(self, message):
        self.exit(2, f"{self.prog}: error: {message} (see `{self.prog} --help`)\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="kb", description=__doc__.split("\n\n")[0])
    parser.add_argument("--root", help=argparse.SUPPRESS)
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    p = sub.add_parser("check", help="validate records (schema + named rules)")
    p.add_argument("files", nargs="*", help="report only these files (all records are still loaded)")
    p.add_argument("--format", choices=["text", "github"], help="output format (github on GitHub Actions)")
    p.add_argument("--fail-on-warnings", action="store_true", help="exit 1 on warnings too")
    p.set_defaults(func=cmd_check)

    p = sub.add_parser("schema", help="check or regenerate schema/codelists.schema.json")
    p.add_argument("--fix", action="store_true", help="rewrite the generated file")
    p.set_defaults(func=cmd_schema)

    p = sub.add_parser("rules", help="list validation rules")
    p.set_defaults(func=cmd_rules)

    p = sub.add_parser("generate", help="write Markdown pages under docs/")
    p.add_argument("--check", action="store_true", help="only report which pages would change")
    p.set_defaults(func=cmd_generate)

    p = sub.add_parser("site", help="validate, generate and build the site atomically")
    p.add_argument("--out", help="output folder (default: site/)")
    p.set_defaults(func=cmd_site)

    p = sub.add_parser("serve", help="live preview that rebuilds after every saved edit")
    p.add_argument("--port", type=int, default=8000, help="port (default: 8000)")
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)")
    p.add_argument("--full", action="store_true",
                   help="render every page after every edit (slower; the pages then match `kb site` exactly)")
    p.set_defaults(func=cmd_serve)

    p = sub.add_parser("new", help="create a new record with every field")
    p.add_argument("kind", choices=["criterion", "practice", "label", "term"])
    p.add_argument("id")
    p.add_argument("--theme", choices=["circular", "environmental", "social", "ethical"], default="circular")
    p.add_argument("--force", action="store_true", help="overwrite an existing file")
    p.set_defaults(func=cmd_new)

    p = sub.add_parser("fmt", help="check or rewrite records in canonical form")
    p.add_argument("files", nargs="*")
    p.add_argument("--fix", action="store_true", help="rewrite files in place")
    p.set_defaults(func=cmd_fmt)

    p = sub.add_parser("translations", help="report translations that may be outdated")
    p.add_argument(
        "--mark-reviewed", nargs="*", metavar="ID", help="record that both languages of these records were reviewed"
    )
    p.add_argument("--format", choices=["text", "markdown"], default="text")
    p.set_defaults(func=cmd_translations)

    from .export import cli as export_cli

    export_cli.add_arguments(sub.add_parser("export", help="tender kits (docx, odt, md, txt) and open data"))
    sub.choices["export"].set_defaults(func=cmd_export)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``kb`` command."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
