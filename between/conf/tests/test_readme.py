"""Every setting Between reads is documented in the README's settings table."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def test_every_environment_variable_is_in_the_readme():
    source = (ROOT / "between" / "settings.py").read_text()
    names = set(re.findall(r'env\.\w+\(\s*"([A-Z_]+)"', source))
    names |= {"BETWEEN_ENCRYPTION_KEY", "DATABASE_URL"}
    readme = (ROOT / "README.md").read_text()
    table = set(re.findall(r"^\| `([A-Z_]+)`", readme, flags=re.M))
    assert names, "no settings found: the pattern above is out of date"
    assert sorted(names - table) == []
