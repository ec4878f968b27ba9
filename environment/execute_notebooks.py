#!/usr/bin/env python3
"""Executes Jupyter notebooks headless with our Java kernel, the way the main job and the tests need it.

For each notebook: run every cell (stop at the first error), write the executed copy and an HTML export,
sign the copy so JupyterLab runs its plot scripts, and record the outcome in summary.json.
A kernel that fails to start (a JVM that cannot start, say) is retried, and only that: an error in a cell is
the notebook's own and fails it at once. summary.json records how many starts each notebook took.

Plot outputs load plotly.js from the Jupyter server (the kernelspec serves it); an HTML export has no server,
so plotly.js is inlined once in its head.
"""
import argparse
import glob
import json
import os
import signal
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, DeadKernelError


def kill_kernel(client):
    """Stops the kernel JVM even when it never answered (an orphan would hold a core)."""
    km = getattr(client, "km", None)
    if km is None:
        return
    try:
        km.shutdown_kernel(now=True)
    except Exception:
        pass
    proc = getattr(getattr(km, "provisioner", None), "process", None)
    if proc is not None and proc.poll() is None:
        try:
            os.kill(proc.pid, signal.SIGKILL)
        except OSError:
            pass


def execute(path, kernel, cell_timeout, start_timeout, retries):
    """Returns (notebook with outputs, status, error message, kernel start attempts)."""
    last = None
    for attempt in range(1, retries + 1):
        nb = nbformat.read(path, as_version=4)
        for cell in nb.cells:
            if cell.cell_type == "code":
                cell.outputs = []
                cell.execution_count = None
        client = NotebookClient(nb, kernel_name=kernel, timeout=cell_timeout, startup_timeout=start_timeout,
                                allow_errors=False, record_timing=True,
                                resources={"metadata": {"path": str(path.parent)}})
        started = False
        try:
            with client.setup_kernel():
                started = True
                for index, cell in enumerate(nb.cells):
                    client.execute_cell(cell, index)
            return nb, "ok", None, attempt
        except CellExecutionError as e:
            return nb, "error", str(e).strip()[-4000:], attempt
        except (RuntimeError, TimeoutError, DeadKernelError) as e:
            kill_kernel(client)
            if started and any(c.get("outputs") for c in nb.cells if c.cell_type == "code"):
                return nb, "error", f"the kernel died while running: {e}", attempt
            last = f"kernel start-up failed: {type(e).__name__}: {e}"
            print(f"  {path.name}: {last} (attempt {attempt}/{retries})", file=sys.stderr, flush=True)
            time.sleep(2)
    return None, "error", last, retries


def plotly_head(path):
    """plotly.js as a script element for an HTML export, hidden from require.js (see PlotOutput.java)."""
    js = Path(path).read_text(encoding="utf-8")
    return "<script type=\"text/javascript\">(function(define, exports, module){\n" + js + "\n})();</script>\n"


def default_plotly():
    found = sorted(glob.glob(str(ROOT / "build" / "plotly" / "plotly-2*.min.js")))
    return os.environ.get("VAEPRIORS_PLOTLY_JS") or (found[0] if found else None)


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("notebooks", nargs="+", type=Path)
    ap.add_argument("--out", type=Path, required=True, help="folder for executed notebooks and HTML")
    ap.add_argument("--kernel", default="vaepriors-java")
    ap.add_argument("--cell-timeout", type=int, default=3600, help="seconds one cell may run")
    ap.add_argument("--start-timeout", type=int, default=25, help="seconds the kernel has to answer at start")
    ap.add_argument("--retries", type=int, default=4, help="kernel start attempts")
    ap.add_argument("--plotly-js", default=default_plotly(), help="plotly.js 2.x, inlined into HTML exports")
    args = ap.parse_args()
    if not args.plotly_js or not Path(args.plotly_js).is_file():
        sys.exit(f"plotly.js not found ({args.plotly_js}): run 'bash environment/setup.sh', which fetches it")
    head = plotly_head(args.plotly_js)

    from nbconvert import HTMLExporter
    from nbformat.sign import NotebookNotary

    (args.out / "notebooks").mkdir(parents=True, exist_ok=True)
    (args.out / "html").mkdir(parents=True, exist_ok=True)
    summary = []
    for path in args.notebooks:
        path = path.resolve()
        t0 = time.time()
        print(f"executing {path.name} ...", file=sys.stderr, flush=True)
        nb, status, message, attempts = execute(path, args.kernel, args.cell_timeout, args.start_timeout, args.retries)
        seconds = time.time() - t0
        entry = {"notebook": path.name, "status": status, "seconds": round(seconds, 1), "kernel_starts": attempts}
        if nb is not None:
            out_nb = args.out / "notebooks" / path.name
            tmp = out_nb.with_suffix(".ipynb.tmp")
            nbformat.write(nb, tmp)
            os.replace(tmp, out_nb)
            NotebookNotary().sign(nbformat.read(out_nb, as_version=4))
            body, _ = HTMLExporter(template_name="lab").from_notebook_node(nb)
            body = body.replace("</head>", head + "</head>", 1)
            html = args.out / "html" / (path.stem + ".html")
            html.write_text(body, encoding="utf-8")
            entry["executed"] = str(out_nb)
            entry["html"] = str(html)
        if message:
            entry["error"] = message
        summary.append(entry)
        print(f"  {path.name}: {status} in {seconds:.1f} s", file=sys.stderr, flush=True)
        if status != "ok":
            print(message, file=sys.stderr, flush=True)

    (args.out / "summary.json").write_text(json.dumps(summary, indent=1))
    print("\nnotebook                              status   seconds", file=sys.stderr)
    for e in summary:
        print(f"{e['notebook']:<38}{e['status']:<9}{e['seconds']:>7.1f}", file=sys.stderr)
    sys.exit(0 if all(e["status"] == "ok" for e in summary) else 1)


if __name__ == "__main__":
    main()
