"""`assistant` command line: a thin layer over `assistant.api`; JSON on request, no tracebacks for user errors."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from assistant.config import offline_environment

if TYPE_CHECKING:
    from assistant.api import AssistantApi
    from assistant.config import Settings
    from assistant.llm import StreamEvent
    from assistant.types import Answer, Filters

__all__ = ["main"]


def _positive_int(value: str) -> int:
    try:
        n = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a whole number") from None
    if n <= 0:
        raise argparse.ArgumentTypeError(f"must be at least 1, not {n}")
    return n


def _add_store(p: argparse.ArgumentParser) -> None:
    p.add_argument("--store", type=Path, help="index folder (default: data/store, or $ASSISTANT_STORE)")


def _add_filters(p: argparse.ArgumentParser) -> None:
    p.add_argument("--region", help="region; a city also matches its districts (淄博市 -> 周村区, 张店区 …)")
    p.add_argument("--agency", help="issuing agency, e.g. 威海市工业和信息化局")
    p.add_argument("--year", type=int, help="year of the document")
    p.add_argument("--year-from", type=int, help="earliest year")
    p.add_argument("--year-to", type=int, help="latest year")
    p.add_argument("--doc-type", help="提案答复 / 建议答复 / 新闻发布 / 政策文件 / 其他")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="assistant", description="Cited Q&A over Chinese government documents.")
    parser.add_argument("--version", action="version", version=f"%(prog)s {_version()}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser(
        "index", help="index files or folders (default: corpus/) incrementally",
        description="Index files or folders: new and changed documents are (re)indexed, unchanged ones skipped; a "
        "document is removed only when its file left a folder that was read completely. Exit 1 if a file or "
        "path failed (each named with the reason); the rest is indexed.")
    p.add_argument("paths", nargs="*", type=Path, metavar="PATH",
                   help="file or folder to index (default: the configured corpus folder, corpus/)")
    p.add_argument("--rebuild", action="store_true", help="re-read every document (without paths: every folder the index was built from, uploads included)")
    p.add_argument("--json", action="store_true", help="print the summary as JSON")
    _add_store(p)

    p = sub.add_parser("docs", help="list indexed documents")
    p.add_argument("--json", action="store_true", help="print the document records as JSON")
    _add_store(p)

    p = sub.add_parser("search", help="ranked passages for a query")
    p.add_argument("query", help="words or a question, Chinese or English")
    p.add_argument("-k", type=_positive_int, default=10, help="passages to return (at least 1)")
    p.add_argument("--json", action="store_true", help="print the passages as JSON")
    _add_filters(p)
    _add_store(p)

    p = sub.add_parser("ask", help="a cited answer to a question (Chinese or English)")
    p.add_argument("question", help="the question, Chinese or English")
    p.add_argument("-k", type=_positive_int, default=5, help="passages the answer may draw on")
    p.add_argument("--json", action="store_true", help="print the answer, its citations and checks as JSON")
    p.add_argument("--answerer", choices=["extractive", "llm"],
                   help="who writes the answer (default: $ASSISTANT_ANSWERER, else extractive)")
    p.add_argument("--stream", action="store_true", help="print checked sentences as the model writes them")
    p.add_argument("--history", action="append", default=[], metavar="QUESTION",
                   help="an earlier question of the conversation (repeat, oldest first): a follow-up is rewritten")
    _add_filters(p)
    _add_store(p)

    p = sub.add_parser("feedback", help="feedback collected in the app")
    fsub = p.add_subparsers(dest="feedback_command", required=True)
    e = fsub.add_parser("export", help="write thumbs up/down as eval questions (eval-set JSONL)")
    e.add_argument("--out", type=Path, help="output file (default: stdout)")
    e.add_argument("--feedback-file", type=Path, help="feedback JSONL (default: the configured one)")
    e.add_argument("--force", action="store_true", help="replace --out if it exists")
    e.add_argument("--store", type=Path,
                   help="the index the questions will run on: evidence cited from documents no longer in it is "
                   "left out (and named); default: not checked")

    p = sub.add_parser("users", help="users of the app and their roles (reader, editor, evaluator, admin)")
    usub = p.add_subparsers(dest="users_command", required=True)
    u = usub.add_parser("add", help="add a user; the password is asked for (or read from stdin)")
    u.add_argument("name")
    u.add_argument("--role", required=True, help="reader | editor | evaluator | admin")
    u.add_argument("--password-stdin", action="store_true", help="read the password from the first line of stdin")
    usub.add_parser("list", help="list users and roles")
    u = usub.add_parser("remove", help="remove a user")
    u.add_argument("name")
    u = usub.add_parser("passwd", help="set a user's password")
    u.add_argument("name")
    u.add_argument("--password-stdin", action="store_true", help="read the password from the first line of stdin")

    p = sub.add_parser("audit", help="the audit trail of the app")
    asub = p.add_subparsers(dest="audit_command", required=True)
    a = asub.add_parser("export", help="print audit events as CSV (or JSON lines)")
    a.add_argument("--since", help="first day, YYYY-MM-DD")
    a.add_argument("--until", help="last day, YYYY-MM-DD")
    a.add_argument("--user", help="only this user's events")
    a.add_argument("--json", action="store_true", help="one JSON object per line instead of CSV")

    from evals.command import register as register_eval

    register_eval(sub)
    return parser


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("gov-assistant")
    except PackageNotFoundError:
        return "unknown"


# Exit status of a command refused because the index was built with another configuration (another
# embedder, tokeniser or pipeline version): `assistant index --rebuild` makes it current (scripts/start.sh does).
EXIT_REBUILD = 3


def main(argv: list[str] | None = None) -> int:
    offline_environment()
    from assistant.cues import CueFileError

    try:
        return _main(argv)
    except CueFileError as e:  # a hand-edited file under prompts/ (a word listed twice, a bad line)
        print(f"assistant: {e}", file=sys.stderr)
        return 2


def _main(argv: list[str] | None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:  # `assistant` alone: what it can do, not an error
        parser.print_help()
        return 0
    if args.command == "eval":
        from evals.command import run as run_eval_command

        return run_eval_command(args, _eval_assistant)
    from assistant.api import ConfigError
    from index.pipeline import IndexMismatch
    from index.store import StoreError

    if args.command == "feedback":
        return _feedback_export(args)
    if args.command == "users":
        return _users(args)
    if args.command == "audit":
        return _audit_export(args)
    overrides: dict[str, Any] = {}
    if getattr(args, "store", None):
        overrides["store"] = args.store
    if getattr(args, "answerer", None):
        overrides["answerer"] = args.answerer
    settings = _settings(**overrides)
    from assistant.running_app import RunningAppError

    try:
        assistant = _open(settings, create=args.command == "index", prefix="assistant: ",
                          rebuild=bool(getattr(args, "rebuild", False)))
    except (StoreError, ConfigError) as e:
        print(f"assistant: {e}", file=sys.stderr)
        return EXIT_REBUILD if isinstance(e, IndexMismatch) else 2
    try:
        return _COMMANDS[args.command](assistant, args)
    except (StoreError, RunningAppError) as e:
        print(f"assistant: {e}", file=sys.stderr)
        return 2
    finally:
        assistant.close()


def _settings(**overrides: Any) -> Settings:
    """The settings (defaults, environment, config file) with the command line's overrides."""
    from assistant.config import Settings

    return Settings(**overrides)


def _open(settings: Settings, *, create: bool, prefix: str, use_running_app: bool = True,
          rebuild: bool = False) -> AssistantApi:
    """The app that holds the store when one runs (said in one line on stderr), else an Assistant on it."""
    from assistant.api import build_assistant
    from assistant.running_app import find_running_app

    running = find_running_app(settings.store) if use_running_app and not settings.qdrant_url else None
    if running is not None:
        print(f"{prefix}using the running app at {running.address.url} (it holds {settings.store})", file=sys.stderr)
        return running
    return build_assistant(settings, create=create, rebuild=rebuild)


def _eval_assistant(store: Path | None, answerer: str | None = None) -> AssistantApi:
    """`assistant eval`'s assistant: on `store` when given (created if missing), with the usual settings."""

    overrides: dict[str, Any] = {"store": store} if store else {}
    if answerer:
        overrides["answerer"] = answerer
    # The running app answers with its own answerer: an explicit --answerer needs the store itself.
    return _open(_settings(**overrides), create=True, prefix="", use_running_app=not answerer)


def _feedback_export(args: argparse.Namespace) -> int:
    from assistant.audit import AuditLog
    from evals.feedback import eval_items, read_feedback, write_eval_set

    settings = _settings()
    # Votes live in the audit database; a JSONL file (the older store, or --feedback-file) is read first.
    source = args.feedback_file or settings.feedback_file
    records = read_feedback(source) if source.exists() else []
    if args.feedback_file is None and settings.audit_db.exists():
        records += AuditLog(settings.audit_db).feedback()
    if not records:
        print(f"assistant: no feedback yet (in {settings.audit_db} or {source})", file=sys.stderr)
        return 2
    if args.out is not None and args.out.exists() and not args.force:
        print(f"assistant: {args.out} exists; pass --force to replace it", file=sys.stderr)
        return 2
    indexed: set[str] | None = None
    if args.store is not None:
        from assistant.api import ConfigError
        from assistant.running_app import RunningAppError
        from index.store import StoreError

        try:
            assistant = _open(_settings(store=args.store), create=False, prefix="assistant: ")
            try:
                indexed = {d["doc_id"] for d in assistant.documents()}
            finally:
                assistant.close()
        except (StoreError, ConfigError, RunningAppError) as e:
            print(f"assistant: {e}", file=sys.stderr)
            return 2

    def dropped(question: str, doc_id: str) -> None:
        print(f"assistant: {question[:40]!r}: evidence from {doc_id} left out (not in {args.store})", file=sys.stderr)

    items = eval_items(records, indexed, dropped)
    if args.out is None:
        for item in items:
            print(json.dumps(item.to_dict(), ensure_ascii=False))
    else:
        write_eval_set(items, args.out)
        print(f"wrote {len(items)} eval questions to {args.out}", file=sys.stderr)
    return 0


def _read_password(args: argparse.Namespace, prompt: str = "password: ") -> str:
    if args.password_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    import getpass

    first = getpass.getpass(prompt)
    if getpass.getpass("again: ") != first:
        raise ValueError("the two passwords differ")
    return first


def _users(args: argparse.Namespace) -> int:
    from assistant.users import UserError, UserStore

    store = UserStore(_settings().users_file)
    try:
        if args.users_command == "list":
            for u in store.list():
                print(f"{u.name}\t{u.role}")
            if not store.exists():
                print(f"no users file at {store.path}: the app runs without sign-in, on loopback only",
                      file=sys.stderr)
        elif args.users_command == "add":
            store.add(args.name, args.role, _read_password(args))
            print(f"added {args.name} ({args.role}) to {store.path}", file=sys.stderr)
        elif args.users_command == "remove":
            store.remove(args.name)
            print(f"removed {args.name}", file=sys.stderr)
        elif args.users_command == "passwd":
            if store.role_of(args.name) is None:
                raise UserError(f"no user {args.name!r}")
            store.passwd(args.name, _read_password(args))
            print(f"password of {args.name} changed", file=sys.stderr)
    except (UserError, ValueError) as e:
        print(f"assistant: {e}", file=sys.stderr)
        return 2
    return 0


def _audit_export(args: argparse.Namespace) -> int:
    from assistant.audit import AuditLog, events_csv

    path = _settings().audit_db
    if not path.exists():
        print(f"assistant: no audit log yet at {path}", file=sys.stderr)
        return 2
    try:
        events = AuditLog(path).events(user=args.user, since=args.since, until=args.until)
    except ValueError as e:
        print(f"assistant: {e}", file=sys.stderr)
        return 2
    if args.json:
        for event in events:
            print(json.dumps(event, ensure_ascii=False))
    else:
        sys.stdout.write(events_csv(events))
    return 0


def _index(assistant: AssistantApi, args: argparse.Namespace) -> int:
    from tqdm import tqdm

    print(assistant.mode.note, file=sys.stderr)
    bar = tqdm(desc="indexing", unit=" docs", file=sys.stderr, disable=not sys.stderr.isatty())
    report = assistant.index(args.paths or None, rebuild=args.rebuild, on_progress=lambda _src: bar.update(1))
    bar.close()
    if args.json:
        print(json.dumps(report.to_dict(), ensure_ascii=False, indent=2))
    else:
        secs = max(report.seconds, 1e-9)
        print(
            f"indexed {report.documents} documents ({report.chunks} chunks) in {report.seconds:.1f} s "
            f"[{report.documents / secs:.1f} docs/s, {report.chunks / secs:.1f} chunks/s]; "
            f"{report.skipped} unchanged, {report.removed} removed, {len(report.failed)} failed"
        )
    if report.rebuilt_from:
        print(f"rebuilt from: {', '.join(report.rebuilt_from)}", file=sys.stderr)
    for doc_id in report.removed_docs:
        print(f"removed: {doc_id} (its file left a scanned folder)", file=sys.stderr)
    for link in report.skipped_links:
        print(f"skipped: {link} is a symlinked folder (not followed; index it by its own path)", file=sys.stderr)
    for line in report.duplicates:
        print(f"warning: {line}", file=sys.stderr)
    for err in report.failed:
        print(f"error: {err.source}: {err.reason}", file=sys.stderr)
    return 1 if report.failed else 0


def _docs(assistant: AssistantApi, args: argparse.Namespace) -> int:
    from assistant.types import document_summary

    docs = [document_summary(d) for d in assistant.documents()]
    if args.json:
        print(json.dumps(docs, ensure_ascii=False, indent=2))
        return 0
    if not docs:
        print("the index is empty: run `assistant index`")
    for d in docs:
        print(f"{d['date'] or '—':10}  {d['doc_type'] or '':4}  {d['agency'] or '—'}  {d['title']}  "
              f"({d['n_chunks']} chunks)")
    return 0


def _filters(args: argparse.Namespace) -> Filters:
    from assistant.types import Filters

    return Filters.of(args.region, args.agency, args.doc_type, args.year, args.year_from, args.year_to)


def _say_unmatched_filters(assistant: AssistantApi, filters: Filters) -> None:
    """When nothing came back, say which filter value no indexed document has (a typo, another region)."""
    if filters.is_empty():
        return
    docs = assistant.documents()
    known: dict[str, set[str]] = {
        "region": {v for d in docs for v in (d.get("region"), d.get("city")) if v},
        "agency": {v for d in docs if (v := d.get("agency"))},
        "doc_type": {v for d in docs if (v := d.get("doc_type"))},
    }
    for key, values in known.items():
        value = getattr(filters, key)
        if value and value not in values:
            print(f"assistant: no indexed document has {key.replace('_', '-')} {value!r}", file=sys.stderr)


_SEARCH_FIELDS = ("rank", "score", "doc_id", "chunk_id", "title", "heading", "text", "date", "agency", "region")


def _search(assistant: AssistantApi, args: argparse.Namespace) -> int:
    passages = assistant.search(args.query, _filters(args), k=args.k)
    if not passages:
        _say_unmatched_filters(assistant, _filters(args))
    if args.json:
        rows = [{**{k: p.to_dict()[k] for k in _SEARCH_FIELDS}, "city": p.city, "doc_type": p.doc_type} for p in passages]
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return 0
    if not passages:
        print("no passage matches")
    for p in passages:
        print(f"[{p.rank}] {p.score:.3f}  {p.title}  {p.agency or ''} {p.date or ''}\n    {p.heading}\n    {p.text[:200]}\n")
    return 0


def _ask(assistant: AssistantApi, args: argparse.Namespace) -> int:
    if args.stream and not args.json:
        result = _ask_streamed(assistant, args)
    else:
        result = assistant.answer(args.question, _filters(args), k=args.k, history=args.history)
    if result.abstained:
        _say_unmatched_filters(assistant, _filters(args))
    if args.json:
        print(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
        return 0
    if not assistant.mode.dense:
        print(f"({assistant.mode.note})", file=sys.stderr)
    if not args.stream:
        if result.rewritten_question:
            print(f"({result.rewritten_question})")
        if result.fallback:
            print(f"(model answer not used: {result.fallback})", file=sys.stderr)
        print(result.answer)
    if result.citations:
        print()
    for c in result.citations:
        p = c.passage
        print(f"[{c.n}] {p.title} | {p.agency or '—'} | {p.date or '—'} | {p.heading or '—'}")
        for s in c.sentences:
            print(f"    » {s}")
    return 0


def _ask_streamed(assistant: AssistantApi, args: argparse.Namespace) -> Answer:
    """Print checked sentences as they complete; a fallback replaces what was shown, with its reason."""
    shown = False
    result: Answer | None = None
    event: StreamEvent
    for event in assistant.answer_stream(args.question, _filters(args), k=args.k, history=args.history):
        if event.kind == "question":
            print(f"({event.text})", flush=True)
        elif event.kind == "text":
            print(event.text, end="", flush=True)
            shown = True
        elif event.kind == "reset":
            print("\n---", flush=True)  # what follows replaces the partial answer above
            shown = False
        elif event.kind == "done":
            result = event.answer
    if result is None:
        raise RuntimeError("the answer stream ended without its answer")
    if result.fallback:
        print(f"(model answer not used: {result.fallback})", file=sys.stderr)
    if shown:
        print()
    else:
        print(result.answer)
    return result


_COMMANDS: dict[str, Callable[[AssistantApi, argparse.Namespace], int]] = {
    "index": _index, "docs": _docs, "search": _search, "ask": _ask}

if __name__ == "__main__":
    sys.exit(main())
