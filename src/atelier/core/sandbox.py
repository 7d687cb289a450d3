"""Work on untrusted files in a child process held to a memory and a time limit.

Rendering a PDF page, decoding a picture or reading a document's XML can take gigabytes for a
file of one megabyte (a compression bomb). Such work runs here, in a fresh Python interpreter
whose address space (``RLIMIT_AS``) and CPU time (``RLIMIT_CPU``) are capped and which is
killed after a wall-clock timeout; a child that runs out of either fails alone, and the web or
worker process that asked gets a ``SandboxError`` instead of growing or dying.

The child is a new interpreter rather than a fork: it inherits neither the parent's threads
nor its memory, so its limit measures the work alone. Arguments and results cross as JSON (the
parent never unpickles what a child that read a hostile file sends back); ``bytes`` are
carried in base64. The function runs without Django, so it takes paths and plain values.

This module imports only the standard library at the top: the child imports it first.
"""

import base64
import importlib
import json
import logging
import os
import resource
import select
import signal
import subprocess
import sys
import time

logger = logging.getLogger(__name__)

MEGABYTE = 1024 * 1024
# What a child may send back: text capped for the index, a thumbnail, a re-encoded picture.
MAX_OUTPUT_BYTES = 64 * MEGABYTE
_STDERR_KEPT = 4096
_BYTES_TAG = "__bytes__"


class SandboxError(Exception):
    """The work failed in the child. ``reason`` is "memory", "time", "crashed" or "error"."""

    def __init__(self, reason, detail=""):
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason
        self.detail = detail


# Both sides -----------------------------------------------------------------------------------


def _encode(value):
    if isinstance(value, bytes | bytearray | memoryview):
        return {_BYTES_TAG: base64.b64encode(bytes(value)).decode("ascii")}
    if isinstance(value, list | tuple):
        return [_encode(item) for item in value]
    if isinstance(value, dict):
        return {str(key): _encode(item) for key, item in value.items()}
    if value is None or isinstance(value, str | int | float | bool):
        return value
    if isinstance(value, os.PathLike):
        return os.fspath(value)
    raise TypeError(f"{type(value).__name__} cannot cross to or from a sandboxed child")


def _decode(value):
    if isinstance(value, list):
        return [_decode(item) for item in value]
    if isinstance(value, dict):
        if set(value) == {_BYTES_TAG}:
            return base64.b64decode(value[_BYTES_TAG])
        return {key: _decode(item) for key, item in value.items()}
    return value


def _function_path(function):
    if isinstance(function, str):
        return function
    path = f"{function.__module__}:{function.__qualname__}"
    if "<" in path or function.__module__ == "__main__":
        raise ValueError(f"{path} cannot be imported by a child process")
    return path


# The parent's side ---------------------------------------------------------------------------


def _limits():
    from django.conf import settings

    return (
        settings.ATELIER_SANDBOX_MEMORY_MB,
        settings.ATELIER_SANDBOX_CPU_SECONDS,
        settings.ATELIER_SANDBOX_TIMEOUT_SECONDS,
    )


# What the child inherits of the environment: no secrets (SECRET_KEY, DATABASE_URL, mail
# passwords) for a process that reads hostile files.
_INHERITED = ("PATH", "LANG", "LC_ALL", "LC_CTYPE", "TMPDIR", "TZ")


def _child_environment():
    environment = {name: os.environ[name] for name in _INHERITED if name in os.environ}
    # The child finds the same code as this process, however this one was started
    # (``uvicorn --app-dir src``, pytest's ``pythonpath``).
    environment["PYTHONPATH"] = os.pathsep.join(path for path in sys.path if path)
    # One thread each for the libraries that would start one per core: threads reserve
    # address space, and the child has little of it.
    for name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        environment[name] = "1"
    return environment


def _read_output(process, deadline):
    """Everything the child writes to stdout (capped) and the end of its stderr."""
    out, err = bytearray(), bytearray()
    streams = {process.stdout.fileno(): out, process.stderr.fileno(): err}
    while streams:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise SandboxError("time", "the wall-clock limit was reached")
        ready, _write, _error = select.select(list(streams), [], [], remaining)
        for descriptor in ready:
            chunk = os.read(descriptor, 256 * 1024)
            if not chunk:
                del streams[descriptor]
                continue
            buffer = streams[descriptor]
            buffer += chunk
            if buffer is out and len(out) > MAX_OUTPUT_BYTES:
                raise SandboxError("memory", "the child sent back too much")
            if buffer is err and len(err) > 2 * _STDERR_KEPT:
                del err[:-_STDERR_KEPT]
    return bytes(out), bytes(err[-_STDERR_KEPT:])


def _signal_reason(number):
    if number in (signal.SIGXCPU, signal.SIGKILL):
        return "time"
    # Libraries written in C++ abort when an allocation fails under the address-space limit.
    if number == signal.SIGABRT:
        return "memory"
    return "crashed"


def run(function, *args, memory_mb=None, cpu_seconds=None, timeout=None, **kwargs):
    """Call ``function(*args, **kwargs)`` in a limited child process and return its result.

    ``function`` is a module-level function (or "module:name") of a module that imports
    without Django. Arguments and the result are plain values (str, int, float, bool, None,
    bytes, lists and dicts of them). Raises ``SandboxError`` when the child runs out of memory
    or time, crashes, or raises; the limits default to the ``ATELIER_SANDBOX_*`` settings.
    """
    default_memory, default_cpu, default_timeout = _limits()
    memory_mb = memory_mb or default_memory
    cpu_seconds = cpu_seconds or default_cpu
    timeout = timeout or default_timeout
    payload = json.dumps(
        {"function": _function_path(function), "args": _encode(args), "kwargs": _encode(kwargs)}
    ).encode()
    command = [
        sys.executable,
        "-B",
        "-m",
        "atelier.core.sandbox",
        str(memory_mb * MEGABYTE),
        str(cpu_seconds),
    ]
    process = subprocess.Popen(
        command,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=_child_environment(),
        cwd="/",
        close_fds=True,
        start_new_session=True,
    )
    deadline = time.monotonic() + timeout
    try:
        try:
            process.stdin.write(payload)
            process.stdin.close()
        except BrokenPipeError:
            pass  # the child died at once; its exit status says why
        out, err = _read_output(process, deadline)
        process.wait(timeout=max(deadline - time.monotonic(), 0.1))
    except subprocess.TimeoutExpired as exc:
        raise SandboxError("time", "the wall-clock limit was reached") from exc
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        for stream in (process.stdout, process.stderr):
            stream.close()
    if process.returncode < 0:
        reason = _signal_reason(-process.returncode)
        raise SandboxError(reason, f"signal {-process.returncode}: {_tail(err)}")
    try:
        answer = json.loads(out)
    except ValueError as exc:
        raise SandboxError("crashed", f"exit {process.returncode}: {_tail(err)}") from exc
    # The child's own peak: its resident memory counted from its start, not from the fork.
    logger.debug(
        "Sandboxed %s took at most %.0f MB",
        _function_path(function),
        answer.get("peak_kb", 0) / 1024,
        extra={"sandbox_peak_kb": answer.get("peak_kb", 0)},
    )
    if "error" in answer:
        error = answer["error"]
        reason = "memory" if error.get("type") == "MemoryError" else "error"
        raise SandboxError(reason, f"{error.get('type')}: {error.get('message', '')}")
    return _decode(answer.get("result"))


def _tail(err):
    return err.decode("utf-8", errors="replace").strip().rsplit("\n", 3)[-1][-500:]


# The child's side ----------------------------------------------------------------------------


def _limit_self(memory_bytes, cpu_seconds):
    resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
    # The soft limit sends SIGXCPU, the hard one a second later SIGKILL.
    resource.setrlimit(resource.RLIMIT_CPU, (cpu_seconds, cpu_seconds + 1))
    # A child killed for its limits leaves no core file of its memory behind.
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def _own_peak_kb():
    # VmHWM belongs to this program's memory since it started; ru_maxrss would also count the
    # parent's pages, shared with the child between the fork and the exec.
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def _child_main(argv):
    memory_bytes, cpu_seconds = int(argv[0]), int(argv[1])
    _limit_self(memory_bytes, cpu_seconds)
    stdout = sys.stdout.buffer
    try:
        request = json.loads(sys.stdin.buffer.read())
        module_name, _colon, name = request["function"].partition(":")
        target = importlib.import_module(module_name)
        for part in name.split("."):
            target = getattr(target, part)
        result = target(*_decode(request["args"]), **_decode(request["kwargs"]))
        answer = json.dumps({"result": _encode(result), "peak_kb": _own_peak_kb()}).encode()
    except MemoryError:
        answer = json.dumps({"error": {"type": "MemoryError"}, "peak_kb": _own_peak_kb()})
        answer = answer.encode()
    except Exception as exc:  # every failure is reported to the parent, which decides
        error = {"type": type(exc).__name__, "message": str(exc)[:500]}
        answer = json.dumps({"error": error, "peak_kb": _own_peak_kb()}).encode()
    stdout.write(answer)
    stdout.flush()


if __name__ == "__main__":
    _child_main(sys.argv[1:])
