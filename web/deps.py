"""Dependencies as Annotated aliases: a route asks for what it needs by type.

The ones that only read an attribute are `async def`: FastAPI runs a plain `def` dependency in the thread pool,
and three thread hops per request for attribute reads cost more than the route's own work on fast reads.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from redis.asyncio import Redis
from sqlalchemy.engine import Engine

from capacity.board import Board
from capacity.geography import Gazetteer
from models.crypto import Keyring
from routing.sites import LiveIndex
from routing.spatial import SiteIndex
from triage.service import Triager
from web.resources import Resources
from web.settings import Settings


async def get_resources(request: Request) -> Resources:
    resources: Resources = request.app.state.resources
    return resources


ResourcesDep = Annotated[Resources, Depends(get_resources)]


async def get_settings(resources: ResourcesDep) -> Settings:
    return resources.settings


async def get_engine(resources: ResourcesDep) -> Engine:
    return resources.engine


async def get_redis(resources: ResourcesDep) -> Redis | None:
    return resources.redis


async def get_gazetteer(resources: ResourcesDep) -> Gazetteer:
    return resources.gazetteer


async def get_board(resources: ResourcesDep) -> Board:
    return resources.board


async def get_index(resources: ResourcesDep) -> SiteIndex:
    return await resources.sites.current()


async def get_sites(resources: ResourcesDep) -> LiveIndex:
    return resources.sites


async def get_triager(resources: ResourcesDep) -> Triager:
    return resources.triager


async def get_keyring(resources: ResourcesDep) -> Keyring:
    return resources.keyring


SettingsDep = Annotated[Settings, Depends(get_settings)]
EngineDep = Annotated[Engine, Depends(get_engine)]
RedisDep = Annotated[Redis | None, Depends(get_redis)]
GazetteerDep = Annotated[Gazetteer, Depends(get_gazetteer)]
BoardDep = Annotated[Board, Depends(get_board)]
TriagerDep = Annotated[Triager, Depends(get_triager)]
IndexDep = Annotated[SiteIndex, Depends(get_index)]
SitesDep = Annotated[LiveIndex, Depends(get_sites)]  # to re-read the directory after changing it
KeyringDep = Annotated[Keyring, Depends(get_keyring)]
