"""Loading cost: kb's strict load + validation (``load_repository``, rules included) against a
bare C-accelerated ``yaml.load`` plus JSON Schema validation of the same files, with plain
Draft7Validators and with kb's own, and the bare parses alone; interleaved, best of N."""

from __future__ import annotations

from pathlib import Path

import yaml
from jsonschema import Draft7Validator, FormatChecker

from kb import kinds, schemas, yamlload
from kb.repository import discover, load_repository

from .timing import best, cpu_timed


def bare_validators() -> dict[str, Draft7Validator]:
    """One prebuilt Draft7Validator per record kind: the schema files as written, same format checks."""
    documents = schemas.schema_documents()
    return {kind.schema: Draft7Validator(documents[kind.schema], registry=schemas.registry(),
                                         format_checker=FormatChecker())
            for kind in kinds.KINDS}


def kb_validators() -> dict[str, Draft7Validator]:
    """The validators kb itself uses (kb.schemas.validator: $refs resolved once)."""
    return {kind.schema: schemas.validator(kind.schema) for kind in kinds.KINDS}


def bare_parse_and_validate(root: Path, files: list[str], validators: dict) -> int:
    """C-accelerated yaml.load plus schema validation of ``files``; returns the error count."""
    errors = 0
    for relative in files:
        data = yaml.load((root / relative).read_bytes(), Loader=yaml.CSafeLoader)
        errors += sum(1 for _ in validators[kinds.kind_for_path(relative).schema].iter_errors(data))
    return errors


def strict_parse_only(root: Path, files: list[str]) -> None:
    """Strict kb parse (kb.yamlload) of ``files``, without schema or rules."""
    for relative in files:
        yamlload.load((root / relative).read_bytes())


def c_parse_only(root: Path, files: list[str]) -> None:
    """C-accelerated yaml.load of ``files``, without schema."""
    for relative in files:
        yaml.load((root / relative).read_bytes(), Loader=yaml.CSafeLoader)


def measure_loading(root: Path, repeat: int) -> dict:
    """Strict load + validation vs bare parse + schema, interleaved; best of ``repeat``."""
    files = discover(root)
    validators, same_validators = bare_validators(), kb_validators()
    samples = {"strict": [], "bare": [], "bare_same_validators": [], "strict_parse": [], "c_parse": []}
    steps = {"strict": lambda: load_repository(root),
             "bare": lambda: bare_parse_and_validate(root, files, validators),
             "bare_same_validators": lambda: bare_parse_and_validate(root, files, same_validators),
             "strict_parse": lambda: strict_parse_only(root, files),
             "c_parse": lambda: c_parse_only(root, files)}
    bare_errors = 0
    for round_ in range(repeat):
        order = list(steps) if round_ % 2 == 0 else list(reversed(steps))
        for name in order:
            wall, cpu, result = cpu_timed(steps[name])
            samples[name].append((wall, cpu))
            if name == "bare":
                bare_errors = result
    out = {name: best(values) for name, values in samples.items()}
    out["files"] = len(files)
    out["bare_schema_errors"] = bare_errors
    out["ratio"] = out["strict"]["cpu_s"] / out["bare"]["cpu_s"]
    out["ratio_same_validators"] = out["strict"]["cpu_s"] / out["bare_same_validators"]["cpu_s"]
    out["parse_ratio"] = out["strict_parse"]["cpu_s"] / out["c_parse"]["cpu_s"]
    return out
