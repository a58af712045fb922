"""What a worker process opens at start-up and closes at shutdown."""

from __future__ import annotations

from dataclasses import dataclass

from redis.asyncio import Redis
from sqlalchemy.engine import Engine

from capacity.geography import Gazetteer
from models.database import make_engine
from models.migrate import head_revision, is_current
from web.settings import Settings


class SchemaOutOfDate(RuntimeError):
    pass


@dataclass
class Resources:
    settings: Settings
    engine: Engine
    redis: Redis | None
    gazetteer: Gazetteer

    @classmethod
    def open(cls, settings: Settings) -> Resources:
        engine = make_engine(settings.database_url, settings.db_pool_size)
        if not is_current(engine):
            engine.dispose()
            raise SchemaOutOfDate(
                f"the database is not at schema revision {head_revision()}: run `one111 db upgrade` "
                "(or `one111 serve`, which migrates a fresh database before it starts)"
            )
        redis = (
            Redis.from_url(settings.redis_url, socket_timeout=2, socket_connect_timeout=2)
            if settings.redis_url
            else None
        )
        return cls(settings, engine, redis, Gazetteer.from_dir(settings.data_dir))

    async def close(self) -> None:
        if self.redis is not None:
            await self.redis.aclose()
        self.engine.dispose()
