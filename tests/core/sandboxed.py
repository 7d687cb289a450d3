"""Work for the sandbox tests to run in a child process: importable, and without Django."""

import os
import signal


def echo(*args, **kwargs):
    return {"args": list(args), "kwargs": kwargs}


def allocate(megabytes):
    """Take ``megabytes`` of memory and touch every page of it."""
    data = bytearray(megabytes * 1024 * 1024)
    data[::4096] = b"\x01" * len(data[::4096])
    return len(data)


def spin():
    while True:
        pass


def sleep_forever():
    signal.pause()


def crash():
    os.kill(os.getpid(), signal.SIGSEGV)


def fail():
    raise ValueError("this file is not what it claims")


def environment():
    return dict(os.environ)
