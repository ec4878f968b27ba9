#!/usr/bin/env python3
"""Starts a kernel N times the way JupyterLab does, and times each start.

Each start goes through a real Jupyter server: POST /api/kernels, then the kernel's websocket, which the server
opens only after its one kernel_info handshake with the new kernel (no retries: JupyterLab's path), then one
execute_request ("1 + 1") over the websocket. A start is ready when that cell's reply and result are back;
one that takes longer than --limit seconds counts as failed. Then the kernel is shut down (DELETE) and the next
one starts. Writes the times and the load average to --json.
"""
import argparse
import asyncio
import json
import os
import sys
import time
import uuid

from tornado import websocket

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from jupyter_server_process import JupyterServer  # noqa: E402


def shell_msg(msg_type, content, session):
    return {"header": {"msg_id": uuid.uuid4().hex, "msg_type": msg_type, "username": "test", "session": session,
                       "date": "", "version": "5.3"}, "parent_header": {}, "metadata": {}, "content": content,
            "channel": "shell", "buffers": []}


async def one_start(server, kernel, limit):
    t0 = time.monotonic()
    out = {}
    kid = server.request("POST", "/api/kernels", {"name": kernel})["id"]
    session = uuid.uuid4().hex
    url = f"ws://127.0.0.1:{server.port}/api/kernels/{kid}/channels?session_id={session}&token={server.token}"
    conn = None
    try:
        conn = await asyncio.wait_for(websocket.websocket_connect(url), limit)
        out["handshake"] = round(time.monotonic() - t0, 3)
        m = shell_msg("execute_request", {"code": "1 + 1", "silent": False, "store_history": True,
                                          "user_expressions": {}, "allow_stdin": False, "stop_on_error": True}, session)
        conn.write_message(json.dumps(m))
        result = None
        while True:
            left = t0 + limit - time.monotonic()
            raw = await asyncio.wait_for(conn.read_message(), max(left, 0.001))
            if raw is None:
                raise RuntimeError("the server closed the websocket")
            r = json.loads(raw)
            if r.get("parent_header", {}).get("msg_id") != m["header"]["msg_id"]:
                continue
            if r["msg_type"] == "execute_result":
                result = r["content"]["data"].get("text/plain")
            if r["msg_type"] == "execute_reply":
                if r["content"]["status"] != "ok" or result != "2":
                    raise RuntimeError(f"1 + 1 gave {result!r}, status {r['content']['status']}")
                out["ready"] = round(time.monotonic() - t0, 3)
                break
    except asyncio.TimeoutError:
        out["error"] = f"not ready within {limit} s"
    except Exception as e:  # a failed start is data, not the end of the run
        out["error"] = f"{type(e).__name__}: {e}"
    finally:
        if conn is not None:
            conn.close()
        try:
            server.request("DELETE", f"/api/kernels/{kid}")
        except Exception as e:
            out["shutdown_error"] = str(e)
    return out


async def run(server, args):
    results = []
    for i in range(args.n):
        r = await one_start(server, args.kernel, args.limit)
        r["start"] = i + 1
        print(json.dumps(r), flush=True)
        results.append(r)
    return results


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--n", type=int, default=50)
    ap.add_argument("--limit", type=float, default=15.0, help="seconds a start may take")
    ap.add_argument("--kernel", default="vaepriors-java")
    ap.add_argument("--json", required=True)
    args = ap.parse_args()
    load_before = os.getloadavg()
    server = JupyterServer()
    try:
        results = asyncio.run(run(server, args))
    finally:
        left = server.stop()
    report = {"kernel": args.kernel, "limit": args.limit, "starts": results, "load_before": load_before,
              "load_after": os.getloadavg(), "processes_left": left, "server_log": server.log_path}
    with open(args.json, "w") as f:
        json.dump(report, f, indent=1)


if __name__ == "__main__":
    main()
