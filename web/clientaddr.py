"""The real client address: the socket's peer, or, when that peer is a trusted proxy, the address the proxies
say they received the request from (`X-Forwarded-For`, read right to left, skipping trusted hops).

Only a trusted proxy may speak for a client: anyone can write `X-Forwarded-For`, so from any other peer the
header is ignored. With no trusted proxies configured (the default) the peer is the client.
"""

from __future__ import annotations

from collections.abc import Sequence
from ipaddress import IPv4Network, IPv6Network, ip_address

from starlette.types import Scope

Network = IPv4Network | IPv6Network


def is_trusted(address: str, trusted: Sequence[Network]) -> bool:
    try:
        ip = ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in trusted)


def real_address(peer: str, forwarded_for: Sequence[str], trusted: Sequence[Network]) -> str:
    """The first hop, from the right, that is not a trusted proxy; a malformed hop ends the walk there (it was
    written by someone we do not trust, so nothing left of it can be believed either)."""
    address = peer
    hops = [hop.strip() for value in forwarded_for for hop in value.split(",")]
    while is_trusted(address, trusted) and hops:
        hop = hops.pop()
        if not _valid(hop):
            return address
        address = hop
    return address


def _valid(hop: str) -> bool:
    try:
        ip_address(hop)
    except ValueError:
        return False
    return True


def scope_address(scope: Scope, trusted: Sequence[Network]) -> str:
    """The real client address of an HTTP or websocket request."""
    peer = str((scope.get("client") or ("unknown", 0))[0])
    forwarded = [v.decode("latin-1") for k, v in scope.get("headers", []) if k == b"x-forwarded-for"]
    return real_address(peer, forwarded, trusted)
