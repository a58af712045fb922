-- pack.lua: shared prelude, prepended to every board script (not run on its own).
-- pack(state_key, slots_key, service_id) returns one service's state as compact JSON:
--   [service_id, version, open 0|1, wait_minutes, opel, updated_at, [[window_start, free], ...]]
-- with windows sorted by start, or false if the service has no state. capacity/redis_board.py reads it.
local function pack(state_key, slots_key, service_id)
  local flat = redis.call('HGETALL', state_key)
  if #flat == 0 then return false end
  local s = {}
  for i = 1, #flat, 2 do s[flat[i]] = flat[i + 1] end
  local raw = redis.call('HGETALL', slots_key)
  local windows = {}
  for i = 1, #raw, 2 do windows[#windows + 1] = {raw[i], raw[i + 1]} end
  table.sort(windows, function(a, b) return a[1] < b[1] end)
  local parts = {}
  for i, w in ipairs(windows) do parts[i] = '[' .. cjson.encode(w[1]) .. ',' .. tonumber(w[2]) .. ']' end
  return '[' .. cjson.encode(service_id) .. ',' .. tonumber(s.version) .. ',' .. tonumber(s.open) .. ','
    .. tonumber(s.wait) .. ',' .. tonumber(s.opel) .. ',' .. cjson.encode(s.updated) .. ',['
    .. table.concat(parts, ',') .. ']]'
end
