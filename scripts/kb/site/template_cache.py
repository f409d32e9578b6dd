"""Compiled theme templates, kept in memory for the life of the process.

MkDocs makes a new Jinja environment for every build: for each language of ``kb site`` (the
i18n plugin builds them one after the other) and for every rebuild of a live preview, and each
environment compiles the theme's templates again (about 0.3 s of Python each time). Jinja's
bytecode cache hands the compiled code to the next environment; it is keyed by the template's
name and checked against a checksum of its source, so an edited template is compiled again.
"""

from __future__ import annotations

from jinja2 import BytecodeCache
from jinja2.bccache import Bucket


class MemoryBytecodeCache(BytecodeCache):
    """A Jinja bytecode cache in a dictionary (Jinja ships only file and memcached ones)."""

    def __init__(self):
        self._code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        code = self._code.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: Bucket) -> None:
        self._code[bucket.key] = bucket.bytecode_to_string()


CACHE = MemoryBytecodeCache()


def attach(env) -> None:
    """Let ``env`` (a Jinja environment) reuse templates compiled by earlier environments."""
    env.bytecode_cache = CACHE
