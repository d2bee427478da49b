from pathlib import Path

import pytest

from between.conf.env import Env, SettingError
from between.conf.secrets import encryption_keys, new_encryption_key, parse_keys


def test_boolean_words_are_strict():
    assert Env({"DEBUG": "true"}).flag("DEBUG", False) is True
    assert Env({"DEBUG": "0"}).flag("DEBUG", True) is False
    assert Env({}).flag("DEBUG", True) is True
    with pytest.raises(SettingError, match=r"^DEBUG: 'yes' is not a boolean"):
        Env({"DEBUG": "yes"}).flag("DEBUG", False)


def test_whole_numbers_and_bounds():
    env = Env({"BETWEEN_PORT": "8080", "BAD": "80a", "BIG": "70000"})
    assert env.integer("BETWEEN_PORT", 1) == 8080
    with pytest.raises(SettingError, match=r"^BAD: '80a' is not a whole number"):
        env.integer("BAD", 1)
    with pytest.raises(SettingError, match=r"^BIG: 70000 is above the maximum of 65535"):
        env.integer("BIG", 1, maximum=65535)


def test_choice_names_the_allowed_values():
    with pytest.raises(SettingError, match="not one of database, rq"):
        Env({"X": "kafka"}).choice("X", "database", ("database", "rq"))


def test_secret_from_file(tmp_path: Path):
    path = tmp_path / "key"
    path.write_text("s3cret\n")
    assert Env({"TOKEN_FILE": str(path)}).secret("TOKEN") == "s3cret"
    assert Env({"TOKEN": "direct"}).secret("TOKEN") == "direct"
    assert Env({}).secret("TOKEN") is None


def test_secret_refuses_both_sources_and_unreadable_files(tmp_path: Path):
    with pytest.raises(SettingError, match=r"not both"):
        Env({"TOKEN": "a", "TOKEN_FILE": str(tmp_path / "x")}).secret("TOKEN")
    with pytest.raises(SettingError, match=r"^TOKEN_FILE: cannot read"):
        Env({"TOKEN_FILE": str(tmp_path / "missing")}).secret("TOKEN")
    (tmp_path / "empty").write_text("")
    with pytest.raises(SettingError, match=r"is empty"):
        Env({"TOKEN_FILE": str(tmp_path / "empty")}).secret("TOKEN")


def test_encryption_keys_are_never_generated_outside_development(tmp_path: Path):
    with pytest.raises(SettingError, match=r"^BETWEEN_ENCRYPTION_KEY: required when DEBUG"):
        encryption_keys(None, debug=False, data_dir=tmp_path)
    assert not (tmp_path / "encryption.key").exists()


def test_development_key_is_generated_once_and_kept(tmp_path: Path):
    first = encryption_keys(None, debug=True, data_dir=tmp_path)
    again = encryption_keys(None, debug=True, data_dir=tmp_path)
    assert first == again
    assert (tmp_path / "encryption.key").stat().st_mode & 0o777 == 0o600


def test_key_list_keeps_order_and_rejects_junk():
    new, old = new_encryption_key(), new_encryption_key()
    assert parse_keys(f"{new}, {old}") == [new.encode(), old.encode()]
    with pytest.raises(SettingError, match="key 2 is not 32 bytes"):
        parse_keys(f"{new},not-a-key")
