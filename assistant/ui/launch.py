"""`python app.py [--host H] [--port P] [--store PATH]`: read settings once, open the index, serve the app.

Binds 127.0.0.1 unless told otherwise; sign-in against the users file (roles per request), a non-loopback
host only with users or --allow-anonymous; Host header and sign-in guards;
never a share link, no analytics. An existing index is opened as it is: nothing is re-indexed.
"""

from __future__ import annotations

import argparse
import signal
import sys
import threading
import time
from pathlib import Path

from assistant.config import offline_environment

__all__ = ["build_parser", "main"]


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="app.py", description="The assistant's web app (Gradio).")
    p.add_argument("--host", help="address to bind (default: settings.host, 127.0.0.1)")
    p.add_argument("--port", type=int, help="port (default: settings.port, 7860)")
    p.add_argument("--store", type=Path, help="index folder (default: data/store, or $ASSISTANT_STORE)")
    p.add_argument("--allow-anonymous", action="store_true",
                   help="serve a non-loopback --host without a users file (everyone may do everything)")
    return p


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    t0 = time.perf_counter()
    offline_environment()
    from assistant.api import build_assistant
    from assistant.config import Settings
    from index.store import StoreError

    overrides = {k: v for k, v in (("host", args.host), ("port", args.port), ("store", args.store)) if v}
    if args.allow_anonymous:
        overrides["allow_anonymous"] = True
    settings = Settings(**overrides)
    from assistant.ui.access import Access, allowed_hosts, host_refusal

    access = Access.from_settings(settings)
    refusal = host_refusal(settings.host, access.signs_in, settings.allow_anonymous)
    if refusal:
        print(f"app: {refusal}", file=sys.stderr)
        return 2
    try:
        assistant = build_assistant(settings, create=True)
    except StoreError as e:
        print(f"app: {e}", file=sys.stderr)
        return 2

    from assistant.ui.app import build_ui, launch_options

    if bool(settings.auth_user) != bool(settings.auth_password):
        print("app: set both auth_user and auth_password for a single sign-in; starting without it", file=sys.stderr)
    guard = access.launch_kwargs(allowed_hosts(settings.host, settings.allowed_hosts))
    auth = guard["auth"]
    from assistant.running_app import LocalApiServer
    from assistant.ui.service import UiService, uploads_folder

    service = UiService(assistant, settings.feedback_file, uploads_folder(settings.store), audit=access.audit)
    signal.signal(signal.SIGTERM, _interrupt)  # a service manager's stop closes the store and the address file
    local_api: LocalApiServer | None = None
    try:
        demo = build_ui(assistant, settings, access=access, service=service)
        print(f"{assistant.mode.note}\n{len(assistant.documents())} documents indexed in {settings.store}",
              file=sys.stderr)
        demo.queue(default_concurrency_limit=4)
        demo.launch(
            server_name=settings.host,
            server_port=settings.port,
            max_file_size=settings.max_file_bytes,
            **guard,
            prevent_thread_lock=True,
            quiet=True,
            **launch_options(),
        )
        if not settings.qdrant_url:
            # the CLI finds the app through this file and calls it instead of opening the store
            local_api = LocalApiServer(service, settings.store)
            local_api.start()
        threading.Thread(target=_complete_uploads, args=(service,), name="pending-uploads", daemon=True).start()
        print(f"ready in {time.perf_counter() - t0:.1f} s: http://{settings.host}:{settings.port}/"
              + (" (sign-in required)" if auth else " (no sign-in: loopback only)"), file=sys.stderr)
        demo.block_thread()
    except KeyboardInterrupt:
        pass
    except OSError as e:  # port taken, address not available
        print(f"app: cannot serve on {settings.host}:{settings.port}: {e}", file=sys.stderr)
        return 2
    finally:
        if local_api is not None:
            local_api.stop()
        with service.lock.write():
            assistant.close()
    return 0


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def _complete_uploads(service) -> None:
    """Index uploads that a crash left unindexed; questions are answered meanwhile."""
    try:
        report = service.complete_pending_uploads()
    except Exception as e:  # noqa: BLE001 -- the app keeps serving what is indexed
        print(f"app: could not index the uploads folder: {e}", file=sys.stderr)
        return
    if report is not None and (report.documents or report.failed):
        failed = f"; {len(report.failed)} failed" if report.failed else ""
        print(f"indexed {report.documents} uploaded documents left unindexed by an earlier run{failed}",
              file=sys.stderr)
