-- ratelimit.lua: count one request against a client's fixed window, atomically.
-- KEYS[1] counter  {prefix}ratelimit:{client key}  (an integer that expires when its window ends)
-- ARGV[1] limit: requests allowed per window       ARGV[2] window length in milliseconds
-- Returns {1 if allowed else 0, milliseconds until the window ends}.
local count = redis.call('INCR', KEYS[1])
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  ttl = tonumber(ARGV[2])
end
if count > tonumber(ARGV[1]) then return {0, ttl} end
return {1, ttl}
