-- debug_hooks.lua: debug.sethook/gethook, the events a hook sees and
-- per-thread hooks.

assert(debug.gethook() == nil)

-- line events carry the line number
local lines = {}
local function body ()
  local x = 1
  x = x + 1
  return x
end
debug.sethook(function (ev, line)
  assert(ev == "line")
  lines[#lines + 1] = line
end, "l")
body()
debug.sethook()
assert(debug.gethook() == nil)
-- lines 9, 10, 11 of 'body' appear in order
local seen = {}
for i = 1, #lines do seen[lines[i]] = (seen[lines[i]] or 0) + 1 end
assert(seen[9] == 1 and seen[10] == 1 and seen[11] == 1)

-- gethook returns the function, the mask and the count
local function h () end
debug.sethook(h, "crl", 7)
local hf, mask, count = debug.gethook()
debug.sethook()
assert(hf == h and mask == "crl" and count == 7)
debug.sethook(h, "", 3)
hf, mask, count = debug.gethook()
debug.sethook()
assert(hf == h and mask == "" and count == 3)

-- call, tail call and return events
local events = {}
local function leaf () return 1 end
local function viatail () return leaf() end
debug.sethook(function (ev, line)
  assert(line == nil)
  local f = debug.getinfo(2, "f").func
  if f == leaf or f == viatail then events[#events + 1] = ev end
end, "cr")
viatail()
debug.sethook()
assert(#events == 3)   -- the tail-called frame returns once
assert(events[1] == "call" and events[2] == "tail call")
assert(events[3] == "return")

-- count events
local ncount = 0
debug.sethook(function (ev)
  assert(ev == "count")
  ncount = ncount + 1
end, "", 1)
for i = 1, 10 do end
debug.sethook()
assert(ncount > 10)

-- hooks are per thread; the hook table lives in the registry
local co = coroutine.create(function ()
  local hk = debug.gethook()
  coroutine.yield(hk)
  return 1
end)
local coh = function () end
debug.sethook(co, coh, "l")
assert(debug.gethook() == nil)
local hco, mco = debug.gethook(co)
assert(hco == coh and mco == "l")
local _, inside = coroutine.resume(co)
assert(inside == coh)
local ht = debug.getregistry()._HOOKKEY
assert(type(ht) == "table" and ht[co] == coh)
assert(getmetatable(ht).__mode == "k")
debug.sethook(co)
assert(debug.gethook(co) == nil and ht[co] == nil)

-- errors in arguments
assert(not pcall(debug.sethook, 1, "l"))
assert(not pcall(debug.sethook, function () end))

print("OK debug_hooks")
