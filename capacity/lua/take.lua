-- take.lua: take one free slot from a window, atomically.
-- KEYS[1] state hash {prefix}board:state:{service_id}   KEYS[2] slots hash {prefix}board:slots:{service_id}
-- ARGV[1] service id   ARGV[2] window start ISO   ARGV[3] stale-before epoch seconds   ARGV[4] pub/sub channel
-- Returns {1, new version} and publishes the packed state; or {0, reason} with reason one of
-- 'unknown' (no state, or older than the staleness limit), 'closed', 'full' (no such window or none free).
local ts = redis.call('HGET', KEYS[1], 'updated_ts')
if not ts or tonumber(ts) <= tonumber(ARGV[3]) then return {0, 'unknown'} end
if redis.call('HGET', KEYS[1], 'open') ~= '1' then return {0, 'closed'} end
local free = tonumber(redis.call('HGET', KEYS[2], ARGV[2]) or '0')
if free <= 0 then return {0, 'full'} end
redis.call('HINCRBY', KEYS[2], ARGV[2], -1)
local version = redis.call('HINCRBY', KEYS[1], 'version', 1)
redis.call('PUBLISH', ARGV[4], pack(KEYS[1], KEYS[2], ARGV[1]))
return {1, version}
