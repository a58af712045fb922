"""A tiny client for the live capacity board, using only the `websockets` library.

Watch the board near a postcode (prints the snapshot, then one line per change), as staff with an API
token in ONE111_TOKEN (`one111 users token <username>`):

    ONE111_TOKEN=o1s_... python docs/examples/board_client.py watch "near=LS1&radius_km=10"

Push an update as a provider (token from `one111 providers token <provider-id>`):

    python docs/examples/board_client.py push <token> <service-id> <free-slots>
"""

from __future__ import annotations

import asyncio
import json
import os
import sys
from datetime import UTC, datetime, timedelta

from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed

SERVER = os.environ.get("ONE111_SERVER", "ws://127.0.0.1:8000")  # where `make run` serves


async def watch(query: str) -> None:
    headers = {"Authorization": f"Bearer {os.environ.get('ONE111_TOKEN', '')}"}
    async with connect(f"{SERVER}/ws/board?{query}", max_size=2**24, additional_headers=headers) as ws:
        versions: dict[str, int] = {}
        async for message in ws:
            frame = json.loads(message)
            if frame["type"] == "snapshot":
                versions = {s["service_id"]: s["version"] for s in frame["services"]}
                for s in frame["services"]:
                    print(f"{s['service_id']:>12} {s['status']:>8} {s['name']}")
            elif frame["type"] == "delta" and frame["version"] >= versions.get(frame["service"]["service_id"], -1):
                service = frame["service"]
                versions[service["service_id"]] = frame["version"]
                free = sum(slot["free"] for slot in service["slots"])
                print(f"{service['service_id']:>12} {service['status']:>8} v{frame['version']} free={free}")
            elif frame["type"] == "error":
                print("error:", frame["detail"], file=sys.stderr)


async def push(token: str, service_id: str, free: int) -> None:
    start = (datetime.now(UTC).replace(minute=0, second=0, microsecond=0) + timedelta(hours=1)).isoformat()
    update = {
        "type": "capacity.update",
        "service_id": service_id,
        # Per service, higher than the last one sent, at most 2**31 - 1: seconds since 1970 do until 2038 (for an
        # example that pushes at most once a second; a real system keeps its own counter).
        "seq": int(datetime.now(UTC).timestamp()),
        "is_open": True,
        "slots": [{"start": start, "free": free}],
        "wait_minutes": 30,
        "opel": 2,
    }
    headers = {"Authorization": f"Bearer {token}"}
    async with connect(f"{SERVER}/ws/provider", additional_headers=headers) as ws:
        print(await ws.recv())  # welcome: the services this token may update
        await ws.send(json.dumps(update))
        print(await ws.recv())  # ack with the new board version, or an error frame


if __name__ == "__main__":
    if sys.argv[1:2] == ["watch"]:
        try:
            asyncio.run(watch(sys.argv[2] if len(sys.argv) > 2 else "region=LS"))
        except ConnectionClosed as closed:
            code = closed.rcvd.code if closed.rcvd else "no code"
            sys.exit(f"the server closed the board ({code}): run again to reconnect")
        except KeyboardInterrupt:
            pass
    elif sys.argv[1:2] == ["push"] and len(sys.argv) == 5:
        asyncio.run(push(sys.argv[2], sys.argv[3], int(sys.argv[4])))
    else:
        sys.exit(__doc__)
