-- put.lua: apply a provider's capacity record if it is newer than the last record applied.
-- KEYS[1] state hash  {prefix}board:state:{service_id}  (version, record, open, wait, opel, updated, updated_ts)
-- KEYS[2] slots hash  {prefix}board:slots:{service_id}  (window start ISO -> free slots)
-- ARGV[1] service id          ARGV[2] record version (the database snapshot's version)
-- ARGV[3] open 0|1            ARGV[4] wait minutes       ARGV[5] OPEL 1-4
-- ARGV[6] updated_at ISO      ARGV[7] updated_at epoch seconds
-- ARGV[8] pub/sub channel     ARGV[9..] window start, free, window start, free, ...
-- Returns {1, new board version} and publishes the packed state, or {0, current version} if not newer.
local record = tonumber(ARGV[2])
local current = tonumber(redis.call('HGET', KEYS[1], 'version') or '0')
if record <= tonumber(redis.call('HGET', KEYS[1], 'record') or '0') then return {0, current} end
local version = math.max(current + 1, record)
redis.call('DEL', KEYS[2])
for i = 9, #ARGV, 2 do redis.call('HSET', KEYS[2], ARGV[i], ARGV[i + 1]) end
redis.call('HSET', KEYS[1], 'version', version, 'record', record, 'open', ARGV[3], 'wait', ARGV[4],
  'opel', ARGV[5], 'updated', ARGV[6], 'updated_ts', ARGV[7])
redis.call('PUBLISH', ARGV[8], pack(KEYS[1], KEYS[2], ARGV[1]))
return {1, version}
