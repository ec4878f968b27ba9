"""A Jupyter server for tests: started on a free loopback port with a random token and its own runtime and
work folders, and stopped, with every process it started (kernels), by PID."""
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def descendants(pid):
    """PIDs of all processes below pid, read from /proc (Linux)."""
    children = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as f:
                    ppid = int(f.read().rsplit(")", 1)[1].split()[1])
                children.setdefault(ppid, []).append(int(entry))
            except (OSError, ValueError, IndexError):
                pass
    out, todo = [], [pid]
    while todo:
        for c in children.get(todo.pop(), []):
            out.append(c)
            todo.append(c)
    return out


class JupyterServer:
    def __init__(self, app="jupyter_server", root_dir=None, env=None, extra=()):
        self.port = free_port()
        self.token = uuid.uuid4().hex
        self.work = tempfile.mkdtemp(prefix="vaepriors-jupyter-")
        self.root_dir = root_dir or self.work
        self.log_path = os.path.join(self.work, "server.log")
        full_env = dict(os.environ if env is None else env)
        full_env["JUPYTER_RUNTIME_DIR"] = os.path.join(self.work, "runtime")
        args = [sys.executable, "-m", app, "--no-browser", "--allow-root", f"--port={self.port}",
                "--ServerApp.ip=127.0.0.1", f"--IdentityProvider.token={self.token}",
                f"--ServerApp.root_dir={self.root_dir}", *extra]
        self.log = open(self.log_path, "w")
        self.proc = subprocess.Popen(args, stdout=self.log, stderr=subprocess.STDOUT, env=full_env)
        self.base = f"http://127.0.0.1:{self.port}"
        deadline = time.monotonic() + 60
        while True:
            try:
                self.request("GET", "/api/status")
                break
            except OSError:
                if self.proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"the Jupyter server did not start; its log: {self.log_path}")
                time.sleep(0.3)

    def request(self, method, path, body=None):
        data = None if body is None else json.dumps(body).encode()
        sep = "&" if "?" in path else "?"
        r = urllib.request.Request(f"{self.base}{path}{sep}token={self.token}", data=data, method=method,
                                   headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(r, timeout=60) as f:
            text = f.read()
            return json.loads(text) if text else None

    def stop(self):
        """SIGTERM (the server shuts its kernels down), then SIGKILL for anything left, all by PID."""
        below = descendants(self.proc.pid)
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(10)
        left = []
        for pid in below:
            try:
                os.kill(pid, 0)
            except OSError:
                continue
            left.append(pid)
            try:
                os.kill(pid, signal.SIGKILL)
            except OSError:
                pass
        self.log.close()
        return left
