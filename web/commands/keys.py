"""`one111 keys rotate`: a new current data key, then every sealed patient value re-sealed under it in one pass.

The keyring file keeps the older keys, so a value not re-sealed yet (a run cut short) still opens; running the
command again with `--reseal-only` finishes it. Workers load the keyring at start-up: restart them after a
rotation: a worker started before it cannot open values sealed under the new key, and it would keep sealing new
values under the old one (which still open, and which `--reseal-only` then moves on).
"""

from __future__ import annotations

import argparse
import sys

from tqdm import tqdm

from models.crypto import BadKeyring
from models.database import make_engine
from models.types import utcnow
from patients import rekey
from web.keyring import data_keyring, keyring_path, rotate_file
from web.settings import Settings


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    keys = subparsers.add_parser("keys", help="the keyring that seals patient data at rest")
    commands = keys.add_subparsers(dest="keys_command", required=True, metavar="COMMAND")
    rotate = commands.add_parser("rotate", help="add a new current key and re-seal every sealed value under it")
    rotate.add_argument("--key-id", default=None, help="the new key's id (default: k<UTC timestamp>)")
    rotate.add_argument("--reseal-only", action="store_true", help="no new key: finish re-sealing under the current")
    rotate.set_defaults(handler=_rotate)


def _rotate(args: argparse.Namespace, settings: Settings) -> int:
    if settings.data_keyring is not None and not args.reseal_only:
        print(
            "one111: ONE111_DATA_KEYRING is set, so the keyring is not a file this command can change. Put a new "
            "line '<id> <64 hex>' first in it on every host, restart, then run `one111 keys rotate --reseal-only`.",
            file=sys.stderr,
        )
        return 2
    try:
        keyring = data_keyring(settings) if args.reseal_only else rotate_file(settings, _key_id(args))
    except BadKeyring as error:
        print(f"one111: {error}", file=sys.stderr)
        return 2
    engine = make_engine(settings.database_url)
    try:
        with tqdm(total=rekey.count(engine), unit="value", desc="re-sealing", file=sys.stderr) as bar:
            changed = rekey.reseal(engine, keyring, bar.update)
    finally:
        engine.dispose()
    where = "ONE111_DATA_KEYRING" if settings.data_keyring is not None else str(keyring_path(settings))
    print(f"current key {keyring.current} ({where}); {changed} sealed values re-sealed. Restart the workers.")
    return 0


def _key_id(args: argparse.Namespace) -> str:
    return str(args.key_id or f"k{utcnow():%Y%m%d%H%M%S}")
