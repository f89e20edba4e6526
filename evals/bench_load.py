"""Load test on loopback: simulated users asking through the app's /ask, alone and during a large upload.

    python -m evals.bench_load [--users 20] [--seconds 60] [--upload-mb 5] [--distractors 2000] [--json]

Starts the real app on a free loopback port over a temporary store (the seed corpus, plus crud_news
distractors from ../shared/benchmarks when present), then runs two phases of `--seconds` each:
`--users` threads asking varied questions (the seed eval set's) through gradio_client, first alone,
then while an upload of about `--upload-mb` MB (crud_news documents as JSONL, or generated text when
the benchmark data is absent) is stored and indexed. Prints requests, errors, p50/p95/max latency per
phase and the p95 ratio (upload / alone). Bounded: at most `--max-requests` per phase, and every
request has a timeout.
"""

from __future__ import annotations

import argparse
import gzip
import json
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from assistant.config import PROJECT_ROOT, offline_environment
from evals.bench_app import start_app
from evals.benchmarks import benchmarks_dir

__all__ = ["main"]

_REQUEST_TIMEOUT_S = 120


def _questions() -> list[str]:
    lines = (PROJECT_ROOT / "evals" / "seeds.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line)["question"] for line in lines if line.strip()]


def _write_upload(path: Path, megabytes: float) -> int:
    """About `megabytes` MB of documents as JSONL: crud_news when present, generated text otherwise."""
    limit = int(megabytes * 1_000_000)
    n = 0
    src = benchmarks_dir() / "crud_news" / "docs.jsonl.gz"
    with open(path, "w", encoding="utf-8") as out:
        if src.exists():
            with gzip.open(src, "rt", encoding="utf-8") as fin:
                fin_lines = iter(fin)
                for _ in range(30_000):  # past the documents indexed as distractors
                    next(fin_lines, None)
                for line in fin_lines:
                    d = json.loads(line)
                    out.write(json.dumps({"id": f"up{d['id']}", "text": d["text"]}, ensure_ascii=False) + "\n")
                    n += 1
                    if out.tell() >= limit:
                        break
        while out.tell() < limit:
            body = "".join(f"第{n}号园区推进第{j}项工作，新建厂房{j + n % 7}座，落实第{j}条措施。" for j in range(60))
            out.write(json.dumps({"id": f"gen{n}", "title": f"关于第{n}号园区的答复", "text": body},
                                 ensure_ascii=False) + "\n")
            n += 1
    return n


def _distractors(folder: Path, n: int) -> int:
    src = benchmarks_dir() / "crud_news" / "docs.jsonl.gz"
    if n <= 0 or not src.exists():
        return 0
    count = 0
    with gzip.open(src, "rt", encoding="utf-8") as fin, open(folder / "news.jsonl", "w", encoding="utf-8") as out:
        for line in fin:
            if count >= n:
                break
            d = json.loads(line)
            out.write(json.dumps({"id": d["id"], "text": d["text"]}, ensure_ascii=False) + "\n")
            count += 1
    return count


def _percentile(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    s = sorted(values)
    return s[min(len(s) - 1, round(q * (len(s) - 1)))]


def _phase(url: str, users: int, seconds: float, max_requests: int, questions: list[str],
           until: threading.Event | None = None) -> dict:
    """`users` threads asking until `seconds` pass (or `until` is set), at most `max_requests` in all."""
    from gradio_client import Client

    lat: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    deadline = time.monotonic() + seconds
    issued = [0]

    def user(i: int) -> None:
        client = Client(url, verbose=False)
        k = i
        while time.monotonic() < deadline and not (until is not None and until.is_set()):
            with lock:
                if issued[0] >= max_requests:
                    return
                issued[0] += 1
            q = questions[k % len(questions)]
            k += users
            t0 = time.perf_counter()
            try:
                job = client.submit(q, api_name="/ask")
                result = job.result(timeout=_REQUEST_TIMEOUT_S)
                if not isinstance(result, dict) or "answer" not in result:
                    raise ValueError(f"unexpected reply {str(result)[:80]}")
            except Exception as e:  # noqa: BLE001 -- counted and reported
                with lock:
                    errors.append(f"{type(e).__name__}: {e}"[:200])
                continue
            with lock:
                lat.append((time.perf_counter() - t0) * 1000)

    t0 = time.perf_counter()
    threads = [threading.Thread(target=user, args=(i,), daemon=True) for i in range(users)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=seconds + _REQUEST_TIMEOUT_S + 30)
    return {
        "requests": len(lat) + len(errors),
        "errors": len(errors),
        "error_examples": errors[:3],
        "seconds": round(time.perf_counter() - t0, 1),
        "p50_ms": round(_percentile(lat, 0.5), 1),
        "p95_ms": round(_percentile(lat, 0.95), 1),
        "max_ms": round(max(lat, default=0.0), 1),
    }


def main(argv: list[str] | None = None) -> int:
    offline_environment()
    ap = argparse.ArgumentParser(prog="python -m evals.bench_load", description=__doc__.splitlines()[0])
    ap.add_argument("--users", type=int, default=20)
    ap.add_argument("--seconds", type=float, default=60.0, help="length of each phase")
    ap.add_argument("--upload-mb", type=float, default=5.0)
    ap.add_argument("--distractors", type=int, default=2000, help="crud_news documents in the store, when present")
    ap.add_argument("--max-requests", type=int, default=20_000, help="per phase")
    ap.add_argument("--json", action="store_true", help="print only the JSON figures")
    args = ap.parse_args(argv)

    work = Path(tempfile.mkdtemp(prefix="bench-load-"))
    app = None
    try:
        data = work / "data"
        store = data / "store"
        corpus = work / "corpus"
        shutil.copytree(PROJECT_ROOT / "corpus", corpus)
        n_distractors = _distractors(corpus, args.distractors)
        proc = subprocess.run([sys.executable, "-m", "assistant.cli", "index", str(corpus), "--store", str(store)],
                              capture_output=True, text=True, check=False)
        if proc.returncode not in (0, 1):
            print(proc.stderr, file=sys.stderr)
            return 2
        upload = work / "upload" / "bulk-upload.jsonl"
        upload.parent.mkdir()
        n_upload = _write_upload(upload, args.upload_mb)

        app = start_app(store, work)
        if not app.wait_ready(300, poll_s=0.2):
            return 2
        url = app.url
        questions = _questions()
        if not args.json:
            print(f"store: seeds + {n_distractors} distractors; upload: {upload.stat().st_size / 1e6:.1f} MB, "
                  f"{n_upload} documents; {args.users} users x {args.seconds:.0f} s per phase", file=sys.stderr)

        alone = _phase(url, args.users, args.seconds, args.max_requests, questions)

        from gradio_client import Client, handle_file

        done = threading.Event()
        upload_result: dict = {}

        def do_upload() -> None:
            t0 = time.perf_counter()
            try:
                report = Client(url, verbose=False).predict([handle_file(str(upload))], api_name="/upload")
                upload_result["documents"] = report.get("documents") if isinstance(report, dict) else None
            except Exception as e:  # noqa: BLE001 -- reported
                upload_result["error"] = f"{type(e).__name__}: {e}"[:200]
            upload_result["seconds"] = round(time.perf_counter() - t0, 1)
            done.set()

        uploader = threading.Thread(target=do_upload, daemon=True)
        uploader.start()
        during = _phase(url, args.users, args.seconds, args.max_requests, questions, until=done)
        uploader.join(timeout=900)
        ratio = round(during["p95_ms"] / alone["p95_ms"], 2) if alone["p95_ms"] else None
        out = {"users": args.users, "phase_seconds": args.seconds, "distractors": n_distractors,
               "upload_mb": round(upload.stat().st_size / 1e6, 2), "upload_documents": n_upload,
               "upload": upload_result, "alone": alone, "during_upload": during, "p95_ratio": ratio}
        print(json.dumps(out, ensure_ascii=False, indent=None if args.json else 2))
        return 0 if not (alone["errors"] or during["errors"]) else 1
    finally:
        if app is not None:
            app.stop()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
