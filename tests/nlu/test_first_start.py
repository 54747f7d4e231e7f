"""A first start says what it does: each set-up step is announced, reported while it runs
(with its log's last line) and ends with the time it took."""

from __future__ import annotations

import time

import pytest

from nlu import rasa_env


def test_a_step_says_start_progress_and_time(tmp_path, capsys):
    log = tmp_path / "pip.log"
    log.write_text("Collecting numpy\rDownloading tensorflow-2.12.0 (585 MB) 45%\r")
    with rasa_env.step(True, "Rasa and its packages", log, every=0.05):
        time.sleep(0.2)
    said = capsys.readouterr().err.splitlines()
    assert said[0] == "[rasa] Rasa and its packages ..."
    assert any("so far (Downloading tensorflow-2.12.0 (585 MB) 45%)" in line for line in said[1:-1])
    assert said[-1].startswith("[rasa] Rasa and its packages: done in ") and said[-1].endswith(" s")


def test_a_failed_step_says_so(capsys):
    with pytest.raises(RuntimeError), rasa_env.step(True, "training the NLU model"):
        raise RuntimeError("out of memory")
    assert "training the NLU model: failed in 0 s" in capsys.readouterr().err


def test_quiet_steps_print_nothing(capsys):
    with rasa_env.step(False, "loading the model", every=0.01):
        time.sleep(0.05)
    assert capsys.readouterr().err == ""


def test_last_log_line_is_short_and_never_fails(tmp_path):
    assert rasa_env.last_log_line(tmp_path / "missing.log") == ""
    long = tmp_path / "long.log"
    long.write_text("x" * 500 + "\n\n")
    assert len(rasa_env.last_log_line(long)) == 100
