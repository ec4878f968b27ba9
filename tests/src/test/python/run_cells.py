#!/usr/bin/env python3
"""Runs cells one by one in a fresh kernel and writes every cell's outputs and reply status as JSON.

Input (--cells): a JSON list of {"code": ..., "interrupt_after": seconds (optional)}. A cell with
interrupt_after gets an interrupt_request that many seconds after it starts, as JupyterLab's stop button sends.
Errors do not stop the run: each cell's outcome is data for the test that reads the JSON. The kernel is shut
down at the end, and killed by PID if it does not go.
"""
import argparse
import json
import os
import signal
import threading

from jupyter_client.manager import start_new_kernel


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--kernel", required=True)
    ap.add_argument("--cells", required=True)
    ap.add_argument("--json", required=True)
    ap.add_argument("--timeout", type=float, default=300)
    args = ap.parse_args()
    with open(args.cells) as f:
        cells = json.load(f)
    km, kc = start_new_kernel(kernel_name=args.kernel, startup_timeout=60)
    results = []
    try:
        for cell in cells:
            outputs = []

            def hook(msg, outputs=outputs):
                t, c = msg["msg_type"], msg["content"]
                if t == "stream":
                    outputs.append({"type": "stream", "name": c["name"], "text": c["text"]})
                elif t == "error":
                    outputs.append({"type": "error", "ename": c["ename"], "evalue": c["evalue"],
                                    "traceback": c["traceback"]})
                elif t in ("execute_result", "display_data", "update_display_data"):
                    outputs.append({"type": t, "data": c["data"],
                                    "display_id": c.get("transient", {}).get("display_id")})

            timer = None
            if cell.get("interrupt_after"):
                timer = threading.Timer(cell["interrupt_after"], km.interrupt_kernel)
                timer.start()
            try:
                reply = kc.execute_interactive(cell["code"], output_hook=hook, timeout=args.timeout)
                status = reply["content"]["status"]
            finally:
                if timer:
                    timer.cancel()
            results.append({"code": cell["code"], "status": status, "outputs": outputs})
    finally:
        pid = km.provisioner.process.pid if km.provisioner and km.provisioner.process else None
        try:
            km.shutdown_kernel(now=False)
        except Exception:
            pass
        if pid is not None:
            try:
                os.kill(pid, signal.SIGKILL)
            except OSError:
                pass
    with open(args.json, "w") as f:
        json.dump(results, f, indent=1)


if __name__ == "__main__":
    main()
