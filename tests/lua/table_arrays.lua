-- table_arrays.lua: the array part, which keeps payloads and type tags
-- apart: values of every type survive growth and shrinking, empty entries
-- under metatables (__index, __newindex), float keys, next, weak values,
-- and the collector's barriers for stores into arrays of old tables
-- (generational mode) through every path: SETTABLE, SETI, SETLIST,
-- rawset, table.insert/move (lua_seti) and the hash-to-array rehash.

local co = coroutine.create(function () end)
local function f() return 1 end
local sample = { true, false, 0, -1, 2^53, 1.5, -0.0, 1/0, "s", "long "
  .. string.rep("x", 50), {}, f, print, co, io.stdout, math.maxinteger,
  math.mininteger }
local nsample = #sample

local function check(t, n, shift)
  for i = 1, n do
    local v = sample[(i + shift) % nsample + 1]
    assert(rawequal(t[i], v), i)
    assert(math.type(t[i]) == math.type(v))
  end
end

-- every type through repeated growth (the tags move behind the payloads)
do
  local t = {}
  for i = 1, 3000 do t[i] = sample[i % nsample + 1] end
  check(t, 3000, 0)
  -- overwrite in place with other types
  for i = 1, 3000 do t[i] = sample[(i + 5) % nsample + 1] end
  check(t, 3000, 5)
  -- shrink by removing the top: survivors unchanged
  for i = 3000, 101, -1 do t[i] = nil end
  assert(#t == 100)
  collectgarbage()
  check(t, 100, 5)
  -- constructor (SETLIST), then growth past it
  local c = { true, false, 1, 2.5, "x", f, co }
  for i = 8, 40 do c[i] = i end
  assert(c[1] == true and c[2] == false and math.type(c[3]) == "integer"
    and c[4] == 2.5 and c[5] == "x" and c[6] == f and c[7] == co
    and c[40] == 40 and #c == 40)
  -- -0.0 keeps its sign, integers stay integers
  local z = { -0.0, 3 }
  assert(1 / z[1] == -1 / 0 and math.type(z[2]) == "integer")
end

-- keys that reach the array part as floats
do
  local t = { 10, 20, 30 }
  assert(t[2.0] == 20)
  t[3.0] = "three"
  assert(t[3] == "three")
  t[4.0] = 40
  assert(t[4] == 40 and #t == 4)
  local n = 0
  for k, v in pairs(t) do
    assert(math.type(k) == "integer"); n = n + 1
  end
  assert(n == 4)
end

-- next over an array with holes, then a hash part
do
  local t = {}
  for i = 1, 64 do t[i] = i end
  for i = 2, 64, 2 do t[i] = nil end
  t.x = "x"
  local seen, n = {}, 0
  for k, v in pairs(t) do
    assert(seen[k] == nil); seen[k] = true; n = n + 1
    if k ~= "x" then assert(v == k and k % 2 == 1) end
  end
  assert(n == 33)
  -- clearing fields during traversal is allowed
  for k in pairs(t) do t[k] = nil end
  assert(next(t) == nil)
end

-- empty array entries under metatables
do
  local log = {}
  local t = setmetatable({ 1, 2, 3, 4 }, {
    __index = function (_, k) return "idx" .. k end,
    __newindex = function (t, k, v) log[#log + 1] = k; rawset(t, k, v) end,
  })
  t[2] = nil                     -- present: no __newindex
  assert(#log == 0 and t[2] == "idx2")
  t[2] = "two"                   -- now empty: __newindex
  assert(log[1] == 2 and rawget(t, 2) == "two")
  t[2] = "again"                 -- present again: raw
  assert(#log == 1 and t[2] == "again")
  local i = 3
  t[i] = nil; t[i] = "v"         -- SETTABLE on an empty entry
  assert(log[2] == 3 and t[3] == "v")
  -- a metatable without __newindex: empty entries are stored raw
  local u = setmetatable({ 1, 2, 3 }, { __index = {} })
  u[2] = nil; u[2] = "b"
  assert(rawget(u, 2) == "b")
  -- __newindex given as a table
  local store = {}
  local w = setmetatable({ 1, 2 }, { __newindex = store })
  w[1] = nil; w[1] = "s"
  assert(rawget(w, 1) == nil and store[1] == "s")
  -- __index as a table with an array part
  local base = { "a", "b", "c" }
  local d = setmetatable({}, { __index = base })
  assert(d[2] == "b" and d[4] == nil)
end

-- the table library's element access (lua_geti / lua_seti)
do
  local t = {}
  for i = 1, 100 do table.insert(t, i) end
  table.insert(t, 1, "first")
  assert(t[1] == "first" and t[2] == 1 and #t == 101)
  assert(table.remove(t, 1) == "first" and t[1] == 1 and #t == 100)
  table.move(t, 1, 50, 51)
  assert(t[51] == 1 and t[100] == 50)
  local m = table.move({ 1, 2, 3 }, 1, 3, 1, {})
  assert(m[3] == 3)
  table.sort(t, function (a, b) return a > b end)
  assert(t[1] == 50 and t[100] == 1)
  assert(table.concat({ 1, "a", 2.5 }, ",") == "1,a,2.5")
  assert(select("#", table.unpack({ 1, nil, 3 }, 1, 3)) == 3)
  -- proxies go through the metamethods
  local backing = { 3, 1, 2 }
  local p = setmetatable({}, {
    __index = backing, __newindex = backing,
    __len = function () return #backing end })
  table.sort(p)
  assert(backing[1] == 1 and backing[3] == 3)
  table.insert(p, 4)
  assert(backing[4] == 4)
end

-- weak values in the array part are cleared; strong ones stay
do
  local keep = {}
  local w = setmetatable({}, { __mode = "v" })
  for i = 1, 100 do
    if i % 2 == 0 then keep[i] = {}; w[i] = keep[i]
    else w[i] = {} end
  end
  w[101] = "str"; w[102] = 5
  collectgarbage(); collectgarbage()
  for i = 1, 100 do
    if i % 2 == 0 then assert(w[i] == keep[i]) else assert(w[i] == nil) end
  end
  assert(w[101] == "str" and w[102] == 5)
  -- ephemeron table: array values are strong
  local e = setmetatable({}, { __mode = "k" })
  for i = 1, 10 do e[i] = {} end
  collectgarbage()
  for i = 1, 10 do assert(type(e[i]) == "table") end
end

-- generational mode: an old table's array receives young objects through
-- every store path, and they must survive minor collections
do
  local old = collectgarbage("generational")
  local t = {}
  for i = 1, 200 do t[i] = false end
  collectgarbage(); collectgarbage()         -- t is old now
  local i = 1
  local function young(k) return { k } end
  for r = 1, 20 do
    for k = 1, 10 do t[i] = young(i); i = i % 200 + 1 end     -- SETTABLE
    t[1] = young(1)                                           -- SETI
    table.insert(t, young(#t + 1)); table.remove(t)           -- lua_seti
    rawset(t, 2, young(2))
    table.move({ young(3), young(4) }, 1, 2, 3, t)
    collectgarbage("step", 0)
  end
  local big = {}
  for k = 1, 100 do big[k] = k end
  collectgarbage(); collectgarbage()
  -- hash keys that move to the array part when it grows
  for k = 101, 300 do big[k] = young(k) end
  for r = 1, 5 do local _ = {}; collectgarbage("step", 0) end
  collectgarbage()
  for k = 101, 300 do assert(big[k][1] == k) end
  for k = 1, 200 do
    local v = t[k]
    assert(v == false or type(v) == "table" and type(v[1]) == "number", k)
  end
  local s = { young(1), young(2), young(3) }  -- SETLIST into a new table
  collectgarbage()
  assert(s[3][1] == 3)
  collectgarbage(old)
end

-- '#' with holes agrees with the reference (array part searched from the
-- middle), and with a hash part continuing a full array part
do
  local t = { 1, 2, 3, nil, 5, 6, 7, 8 }
  assert(#t == 3)                -- the search starts at t[4]
  t[4] = 4
  assert(#t == 8)
  t[8] = nil
  assert(#t == 7)
  local u = {}
  for i = 1, 8 do u[i] = i end
  u[9] = 9; u[10] = 10
  assert(#u == 10)
end

print("OK table_arrays")

-- '#' starts from a hint the table keeps (reset to the middle when the
-- array part changes size) and moves it to its last answer, as the
-- reference does: with holes, which border is found depends on it.
do
  local t = {}
  for i = 1, 16 do t[i] = i end
  t[16] = nil
  assert(#t == 15)      -- from the middle: the border below t[16]
  t[16] = 16
  t[15] = nil
  assert(#t == 14)      -- from the hint 15 (from the middle it would be 16)
  t[15] = 15
  assert(#t == 16)
end

-- nil and the booleans are all tag: the array part skips their payloads,
-- so an entry's stale payload must never show through.  Numbers, strings
-- and tables go in, booleans over them, then the other way round, read
-- through GETTABLE/GETI, next, table.unpack and a shrink into the hash.
do
  local t = {}
  for i = 1, 64 do t[i] = i * 1.5 end
  for i = 1, 64 do t[i] = (i % 3 == 0) end
  for i = 1, 64 do assert(t[i] == (i % 3 == 0) and math.type(t[i]) == nil) end
  assert(t[3] == true and t[1] == false)
  local n = 0
  for k, v in pairs(t) do
    n = n + 1; assert(v == (k % 3 == 0))
  end
  assert(n == 64)
  local a, b, c = table.unpack(t, 1, 3)
  assert(a == false and b == false and c == true)
  for i = 1, 64, 2 do t[i] = "s" .. i end
  for i = 1, 64 do
    if i % 2 == 1 then assert(t[i] == "s" .. i)
    else assert(t[i] == (i % 3 == 0)) end
  end
  -- a boolean at a key that leaves the array part for the hash part
  local u = {}
  for i = 1, 40 do u[i] = {} end
  for i = 1, 40 do u[i] = (i % 2 == 0) end
  for i = 1, 39 do u[i] = nil end
  collectgarbage()
  u.x = 1; u.y = 2; u.z = 3   -- rehash: the array part shrinks
  assert(u[40] == true and u[39] == nil)
  local sieve = {}
  for i = 1, 1000 do sieve[i] = false end
  for p = 2, 31 do
    if not sieve[p] then
      for j = p * p, 1000, p do sieve[j] = true end
    end
  end
  local primes = 0
  for i = 2, 1000 do if not sieve[i] then primes = primes + 1 end end
  assert(primes == 168)
end
