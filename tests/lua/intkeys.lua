-- intkeys.lua: new integer keys outside the array part (the queue pattern
-- items[tail] = x with items[head] = nil, sparse sets), with and without
-- metatables and __newindex, keys above 2^32 and negative ones, an array
-- part entry filled through a metatable without __newindex, collections
-- in the middle, and next() over what is left.  Prints only values that
-- do not depend on traversal order.

local function check(cond, msg)
  if not cond then error("intkeys: " .. msg, 2) end
end

-- keys in a table, sorted, as one string (traversal order is free)
local function keys(t)
  local ks = {}
  for k in pairs(t) do ks[#ks + 1] = k end
  table.sort(ks)
  return table.concat(ks, ",")
end

-- a queue of a given greatest length, pushed and popped 'rounds' times;
-- 'mt' (optional) is the metatable of its items table
local function queue(maxlen, rounds, mt)
  local items = setmetatable({}, mt)
  local head, tail, sum = 1, 0, 0
  for r = 1, rounds do
    local len = tail - head + 1
    if len < maxlen and (r % 3 ~= 0 or len == 0) then
      tail = tail + 1
      items[tail] = r
    else
      local x = rawget(items, head)
      check(x ~= nil, "queue lost item " .. head)
      items[head] = nil
      head = head + 1
      sum = sum + x
    end
  end
  local n = 0
  for k, v in pairs(items) do
    check(k >= head and k <= tail and v ~= nil, "stray key " .. tostring(k))
    n = n + 1
  end
  check(n == tail - head + 1, "queue length")
  return sum, n
end

for _, maxlen in ipairs { 1, 2, 3, 5, 17, 100 } do
  print("queue", maxlen, queue(maxlen, 5000))
  -- a metatable without __newindex takes the same paths
  print("queue mt", maxlen, queue(maxlen, 5000, {}))
end

-- __newindex must still see every new key, never the keys present
do
  local seen = 0
  local mt = { __newindex = function (t, k, v) seen = seen + 1; rawset(t, k, v) end }
  local sum, n = queue(4, 3000, mt)
  print("queue newindex", sum, n, seen)
  local store = {}
  local t = setmetatable({}, { __newindex = store })
  for i = 100, 140 do t[i] = i end
  check(next(t) == nil, "__newindex table: keys went to the proxy")
  local c = 0
  for _ in pairs(store) do c = c + 1 end
  print("newindex table", c, store[100], store[140])
end

-- keys that need the 64-bit modulo, negative keys, and keys near 0
do
  local t = {}
  local ks = { 2^32, 2^32 + 1, 2^40 + 7, -1, -2^33, 0, math.maxinteger,
               math.mininteger, 3 * 2^31 }
  for i, k in ipairs(ks) do t[math.tointeger(k)] = i end
  for i, k in ipairs(ks) do
    check(t[math.tointeger(k)] == i, "key " .. tostring(k))
  end
  for i = 1, #ks, 2 do t[math.tointeger(ks[i])] = nil end
  for i = 1, 200 do t[2^33 + i] = i end
  local n = 0
  for k, v in pairs(t) do n = n + 1 end
  print("wide keys", n, t[math.tointeger(2^33 + 100)], t[-1], t[0])
end

-- an empty entry of the array part, set in a table whose metatable has
-- no __newindex (the store goes to the array part)
do
  local t = setmetatable(table.move({ 1, 2, 3, 4, 5, 6, 7, 8 }, 1, 8, 1, {}), {})
  t[3] = nil; t[6] = nil
  t[3] = "three"; t[6] = "six"
  print("array entries", t[3], t[6], #t)
end

-- a sparse set filled and emptied with collections in between: the new
-- keys' values must survive (barriers on black tables)
do
  local set = {}
  for round = 1, 20 do
    for i = 1, 300 do set[i * 7919 % 100003 + round * 100003] = { i } end
    collectgarbage("step", 0)
    for i = 1, 300, 2 do set[i * 7919 % 100003 + round * 100003] = nil end
    if round % 5 == 0 then collectgarbage() end
  end
  local n, s = 0, 0
  for k, v in pairs(set) do n = n + 1; s = s + v[1] end
  print("sparse set", n, s)
end

-- next() walks past removed entries while they are removed
do
  local t = {}
  for i = 1000, 1100 do t[i] = i end
  local n = 0
  for k in pairs(t) do t[k] = nil; n = n + 1 end
  check(next(t) == nil, "not emptied")
  print("emptied", n)
end

print("OK intkeys")
