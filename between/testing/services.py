"""Checks that the services the suite needs are up, and says loudly when one is not.

The suite never skips a PostgreSQL or Redis test because the service is missing: a
skipped test hides exactly the breakage it exists to catch.
"""

from __future__ import annotations

import os
import sys

PG_URL = os.environ.get("TEST_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/test")
REDIS_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")


def check() -> list[str]:
    problems: list[str] = []
    import psycopg

    try:
        with psycopg.connect(PG_URL, connect_timeout=5) as conn:
            conn.execute("SELECT 1")
    except psycopg.Error as exc:
        problems.append(f"PostgreSQL at {PG_URL} is not reachable: {exc}".strip())
    import redis

    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=5).ping()
    except redis.RedisError as exc:
        problems.append(f"Redis at {REDIS_URL} is not reachable: {exc}")
    return problems


def main() -> int:
    problems = check()
    for problem in problems:
        sys.stderr.write(f"services: {problem}\n")
    if problems:
        sys.stderr.write("services: start them (see README, 'Running the tests') and retry\n")
        return 1
    sys.stdout.write("services: PostgreSQL and Redis are up\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
