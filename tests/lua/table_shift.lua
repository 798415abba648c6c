-- table_shift.lua: table.insert/table.remove at a position and table.move
-- within one table, on tables whose entries sit in the array part, the hash
-- part or both, with holes, against loops of rawget/rawset written here.
-- Tables with a metatable must still go through __index/__newindex.

local seed = 12345
local function rand(n)
  seed = (seed * 1103515245 + 12345) % 2147483648
  return seed % n
end

-- A table with entries 1..n: the first 'narr' made by a constructor (array
-- part), the rest assigned one by one in a scrambled order, some far out
-- (hash part); some entries are nil (holes).
local function build(n, narr)
  local vals = {}
  for i = 1, n do
    local r = rand(10)
    if r == 0 then vals[i] = false
    elseif r == 1 then vals[i] = nil
    elseif r < 5 then vals[i] = i * 10
    elseif r < 8 then vals[i] = "s" .. i
    else vals[i] = { i } end
  end
  local t = { table.unpack(vals, 1, math.min(narr, n)) }
  for i = n, narr + 1, -1 do rawset(t, i, vals[i]) end
  return t, vals
end

local function copy(t, n)
  local c = {}
  for i = -2, n + 3 do c[i] = rawget(t, i) end
  return c
end

local function same(a, b, n, what)
  for i = -2, n + 3 do
    if rawget(a, i) ~= rawget(b, i) then
      error(string.format("%s: index %d: %s ~= %s", what, i,
                          tostring(rawget(a, i)), tostring(rawget(b, i))))
    end
  end
end

-- The semantics spelt out: every source entry read before it is written.
local function refmove(t, f, e, d)
  if d > e or d <= f then
    for j = 0, e - f do rawset(t, d + j, rawget(t, f + j)) end
  else
    for j = e - f, 0, -1 do rawset(t, d + j, rawget(t, f + j)) end
  end
end

for round = 1, 400 do
  local n = 1 + rand(40)
  local t = build(n, rand(n + 1))
  local r = copy(t, n)
  local op = rand(3)
  if op == 0 then            -- table.move within the table
    local f = 1 + rand(n)
    local e = f + rand(n - f + 1)
    local d = 1 + rand(n + 2)
    table.move(t, f, e, d)
    refmove(r, f, e, d)
    same(t, r, 2 * n + 2, "move " .. round)
  elseif op == 1 then        -- insert at a position (length n as a border)
    rawset(t, n, "last"); rawset(r, n, "last")
    rawset(t, n + 1, nil); rawset(r, n + 1, nil)
    if #t == n then
      local pos = 1 + rand(n + 1)
      table.insert(t, pos, "new")
      if pos <= n then refmove(r, pos, n, pos + 1) end
      rawset(r, pos, "new")
      same(t, r, n + 1, "insert " .. round)
    end
  else                       -- remove at a position
    rawset(t, n, "last"); rawset(r, n, "last")
    rawset(t, n + 1, nil); rawset(r, n + 1, nil)
    if #t == n then
      local pos = 1 + rand(n + 1)
      local v = table.remove(t, pos)
      assert(v == rawget(r, pos))
      if pos < n then refmove(r, pos + 1, n, pos) end
      if pos <= n then rawset(r, n, nil) end
      same(t, r, n + 1, "remove " .. round)
    end
  end
  if round % 50 == 0 then collectgarbage() end
end

-- Big shifts across a growing list, with collection steps in between.
do
  local list = {}
  for i = 1, 3000 do
    table.insert(list, 1 + (i * 7919) % (#list + 1), i)
    if i % 97 == 0 then collectgarbage("step") end
  end
  assert(#list == 3000)
  local seen = {}
  for i = 1, 3000 do
    local v = list[i]
    assert(math.type(v) == "integer" and not seen[v])
    seen[v] = true
  end
  local sum = 0
  while #list > 0 do sum = sum + table.remove(list, 1 + #list // 2) end
  assert(sum == 3000 * 3001 // 2)
end

-- Tables with a metatable keep their metamethods.
do
  local log = {}
  local store = { 1, 2, 3 }
  local p = setmetatable({}, {
    __index = function (_, k) log[#log + 1] = "get" .. k; return store[k] end,
    __newindex = function (_, k, v) log[#log + 1] = "set" .. k; store[k] = v end,
    __len = function () return #store end,
  })
  table.insert(p, 1, 0)
  assert(table.concat(store, ",") == "0,1,2,3")
  assert(table.concat(log, " ") == "get3 set4 get2 set3 get1 set2 set1")
  log = {}
  assert(table.remove(p, 1) == 0)
  assert(table.concat(store, ",") == "1,2,3")
  assert(table.concat(log, " ") == "get1 get2 set1 get3 set2 get4 set3 set4")
  log = {}
  table.move(p, 1, 2, 2)
  assert(table.concat(store, ",") == "1,1,2")
  assert(table.concat(log, " ") == "get2 set3 get1 set2")
end

-- A metatable without __index/__newindex: the same results as raw moves.
do
  local t = setmetatable({ 1, 2, 3, 4 }, {})
  table.insert(t, 2, 9)
  assert(table.concat(t, ",") == "1,9,2,3,4")
  assert(table.remove(t, 1) == 1 and table.concat(t, ",") == "9,2,3,4")
end

-- Moves near the ends of the integer range stay correct.
do
  local t = {}
  t[math.maxinteger - 1] = "a"
  t[math.maxinteger] = "b"
  table.move(t, math.maxinteger - 1, math.maxinteger, 1)
  assert(t[1] == "a" and t[2] == "b")
  table.move(t, 1, 2, math.maxinteger - 2)
  assert(t[math.maxinteger - 2] == "a" and t[math.maxinteger - 1] == "b"
         and t[math.maxinteger] == "b")
  t = { 1, 2, 3 }
  table.move(t, 1, 3, math.mininteger)
  assert(t[math.mininteger] == 1 and t[math.mininteger + 2] == 3)
end

print("OK table_shift")
