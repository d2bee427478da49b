"""The communications policy: file format, validation, checks, format upgrades, lifecycle.

Public API:
    load_policy(text, filename) -> LoadResult(policy, warnings), raises PolicyError
    load_policy_file(path) -> LoadResult
    reference_policy_text() -> str
    json_schema() -> dict
"""

from between.core.policy.loader import (
    LoadResult,
    load_policy,
    load_policy_file,
    policy_json_data,
    reference_policy_text,
)
from between.core.policy.problems import PolicyError, Problem, Severity
from between.core.policy.schema import CURRENT_FORMAT, Policy, json_schema

__all__ = [
    "CURRENT_FORMAT",
    "LoadResult",
    "Policy",
    "PolicyError",
    "Problem",
    "Severity",
    "json_schema",
    "load_policy",
    "load_policy_file",
    "policy_json_data",
    "reference_policy_text",
]
