"""Work on untrusted files runs in a child process held to a memory and a time limit."""

import os
import resource

import pytest

from atelier.core import sandbox
from tests.core import sandboxed


def test_the_child_returns_plain_values_and_bytes():
    result = sandbox.run(sandboxed.echo, b"\x00\xffpng", 3, None, label="é", nested={"x": b"1"})
    assert result == {
        "args": [b"\x00\xffpng", 3, None],
        "kwargs": {"label": "é", "nested": {"x": b"1"}},
    }


def test_the_work_runs_in_another_process():
    assert sandbox.run("os:getpid") != os.getpid()


def test_memory_beyond_the_limit_fails_in_the_child_alone():
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    with pytest.raises(sandbox.SandboxError) as error:
        sandbox.run(sandboxed.allocate, 400, memory_mb=128)
    assert error.value.reason == "memory"
    # This process did not take the memory the child asked for.
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before < 100 * 1024


def test_memory_within_the_limit_is_given():
    assert sandbox.run(sandboxed.allocate, 50, memory_mb=256) == 50 * 1024 * 1024


def test_a_child_that_computes_too_long_is_stopped_by_its_cpu_limit():
    with pytest.raises(sandbox.SandboxError) as error:
        sandbox.run(sandboxed.spin, cpu_seconds=1, timeout=30)
    assert error.value.reason == "time"


def test_a_child_that_waits_too_long_is_killed_at_the_wall_clock_limit():
    with pytest.raises(sandbox.SandboxError) as error:
        sandbox.run(sandboxed.sleep_forever, cpu_seconds=30, timeout=1)
    assert error.value.reason == "time"


def test_a_crashing_child_is_reported_not_fatal():
    with pytest.raises(sandbox.SandboxError) as error:
        sandbox.run(sandboxed.crash)
    assert error.value.reason == "crashed"


def test_an_error_in_the_child_is_reported_with_its_type():
    with pytest.raises(sandbox.SandboxError) as error:
        sandbox.run(sandboxed.fail)
    assert error.value.reason == "error"
    assert "ValueError: this file is not what it claims" in error.value.detail


def test_the_limits_come_from_the_settings(settings):
    settings.ATELIER_SANDBOX_MEMORY_MB = 128
    with pytest.raises(sandbox.SandboxError):
        sandbox.run(sandboxed.allocate, 200)
    settings.ATELIER_SANDBOX_MEMORY_MB = 512
    assert sandbox.run(sandboxed.allocate, 200) == 200 * 1024 * 1024


def test_only_importable_functions_may_run():
    with pytest.raises(ValueError):
        sandbox.run(lambda: None)


def test_the_child_inherits_no_secrets_from_the_environment(monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "not-for-children")
    monkeypatch.setenv("DATABASE_URL", "postgres://user:password@db/atelier")
    environment = sandbox.run(sandboxed.environment)
    assert "SECRET_KEY" not in environment
    assert "DATABASE_URL" not in environment
    assert environment["OMP_NUM_THREADS"] == "1"
