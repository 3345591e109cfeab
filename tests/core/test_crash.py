from desktop import crash


def test_crash_report_names_the_place_but_never_the_message():
    try:
        raise ValueError("Mei said the employer keeps her passport")
    except ValueError as error:
        report = crash.redacted_report(type(error), error.__traceback__)
    assert "ValueError" in report
    assert "test_crash.py" in report
    assert "passport" not in report and "Mei" not in report


SECRET = "Mei said the employer keeps her passport"
_CHILD = f"""
import gc, sys, threading
from desktop import crash
crash.install()

def fail():
    raise ValueError({SECRET!r})

class Leaky:
    def __del__(self):
        raise ValueError({SECRET!r})

thread = threading.Thread(target=fail, name="worker")
thread.start()
thread.join()
Leaky()
gc.collect()
print("went on", flush=True)
"""


def test_thread_and_unraisable_errors_are_redacted_too():
    """Issue 15 finding 10: a worker thread's error and an error in __del__ go through the same redaction."""
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-c", _CHILD], capture_output=True, text=True, timeout=60)
    assert "went on" in done.stdout
    assert "passport" not in done.stderr and "Mei" not in done.stderr
    assert done.stderr.count("builtins.ValueError") == 2
    assert "in thread worker" in done.stderr
