"""Option values checked once for every command: a bad value is a usage error with a clear
message (argparse prints it and exits with status 2), never a silent default or a traceback."""

from __future__ import annotations

import argparse
import math

#: The longest a command may be told to search (one day): longer is a typing mistake.
MAX_TIME_LIMIT_S = 86_400.0


def time_limit_seconds(text: str) -> float:
    """A ``--time-limit`` (or ``--what-if-time-limit``) in seconds: a finite number above 0.

    Refuses ``nan``, ``inf``, 0, negative numbers, text, and more than :data:`MAX_TIME_LIMIT_S`.
    """
    try:
        seconds = float(text.strip().replace(",", "."))
    except ValueError:
        seconds = math.nan
    if not math.isfinite(seconds) or not 0 < seconds <= MAX_TIME_LIMIT_S:
        raise argparse.ArgumentTypeError(
            f"cần số giây lớn hơn 0 và không quá {MAX_TIME_LIMIT_S:.0f}, ví dụ 10 (nhận được "
            f"{text!r}) / needs seconds above 0 and at most {MAX_TIME_LIMIT_S:.0f}, e.g. 10 "
            f"(got {text!r})"
        )
    return seconds
