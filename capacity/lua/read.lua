-- read.lua: read several services' states in one round trip.
-- KEYS[2i-1] state hash {prefix}board:state:{id_i}   KEYS[2i] slots hash {prefix}board:slots:{id_i}
-- ARGV[i] service id i
-- Returns a list with, per service, its packed state (see pack.lua) or false if it has none.
local out = {}
for i = 1, #ARGV do out[i] = pack(KEYS[2 * i - 1], KEYS[2 * i], ARGV[i]) end
return out
