-- release.lua: give one slot back to a window, atomically.
-- KEYS[1] state hash {prefix}board:state:{service_id}   KEYS[2] slots hash {prefix}board:slots:{service_id}
-- ARGV[1] service id   ARGV[2] window start ISO   ARGV[3] pub/sub channel
-- Returns {1, new version} and publishes; {0, current version} if the provider has since dropped the
-- window (its newer numbers already stand); {0, -1} if the service has no state.
local current = redis.call('HGET', KEYS[1], 'version')
if not current then return {0, -1} end
if redis.call('HEXISTS', KEYS[2], ARGV[2]) == 0 then return {0, tonumber(current)} end
redis.call('HINCRBY', KEYS[2], ARGV[2], 1)
local version = redis.call('HINCRBY', KEYS[1], 'version', 1)
redis.call('PUBLISH', ARGV[3], pack(KEYS[1], KEYS[2], ARGV[1]))
return {1, version}
