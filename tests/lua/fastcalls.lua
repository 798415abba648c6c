-- fastcalls.lua: library functions with fast entries (math.floor, abs,
-- sqrt, min, max; string.byte, sub; type, setmetatable, select, next;
-- table.insert appending, table.remove popping)
-- give the same results and errors as their normal entries, for the
-- values the fast entries accept and for those they leave to the normal
-- ones; hooks still see their calls.

-- the message of the error of f (), without its position
local function errmsg (f)
  local ok, msg = pcall (f)
  assert (not ok)
  return (string.gsub (msg, "^[^:]*:%d+: ", ""))
end

-- math
assert (math.floor (3.7) == 3 and math.type (math.floor (3.7)) == "integer")
assert (math.floor (-3.5) == -4 and math.floor (5) == 5)
assert (math.floor (2^70) == 2^70 and math.type (math.floor (2^70)) == "float")
assert (math.floor ("3.5") == 3)
local nan = 0/0
assert (math.floor (nan) ~= math.floor (nan))
assert (errmsg (function () return math.floor () end) ==
        "bad argument #1 to 'floor' (number expected, got no value)")
assert (errmsg (function () return math.floor (nil) end) ==
        "bad argument #1 to 'floor' (number expected, got nil)")
assert (math.abs (-3) == 3 and math.abs (math.mininteger) == math.mininteger)
assert (math.abs (-2.5) == 2.5)
assert (math.sqrt (16) == 4.0 and math.type (math.sqrt (16)) == "float")
assert (math.max (1, 5, 3) == 5 and math.min (2.5, 1.5) == 1.5)
assert (math.max (1, 2.5) == 2.5 and math.min (1) == 1)
assert (math.type (math.max (3, 3.0)) == "integer")
assert (math.max ("a", "b") == "b")
assert (errmsg (function () return math.max () end) ==
        "bad argument #1 to 'max' (value expected)")

-- string.byte, string.sub
local s = "hello world"
assert (s:byte () == 104 and s:byte (2) == 101 and s:byte (-1) == 100)
assert (select ('#', s:byte (5, 2)) == 0 and s:byte (100) == nil)
assert (s:byte (nil, 2) == 104)
local a, b, c = s:byte (1, 3)
assert (a == 104 and b == 101 and c == 108)
assert (select ('#', s:byte (1, -1)) == #s)
assert (string.byte (123) == 49 and s:byte (2.0) == 101)
assert (s:sub (2) == "ello world" and s:sub (2, 4) == "ell")
assert (s:sub (-3) == "rld" and s:sub (0) == s and s:sub (5, 2) == "")
assert (s:sub (1, 100) == s and s:sub (3, nil) == "llo world")
assert (string.sub (12345, 2, 3) == "23")
assert (errmsg (function () return string.sub (s) end) ==
        "bad argument #2 to 'sub' (number expected, got no value)")
assert (errmsg (function () return string.byte () end) ==
        "bad argument #1 to 'byte' (string expected, got no value)")
local big = string.rep ("x", 100)
for i = 1, 100 do assert (big:sub (i, i) == "x") end

-- type, setmetatable, select
assert (type (1) == "number" and type ("x") == "string" and type (nil) == "nil")
assert (type ({}) == "table" and type (print) == "function")
assert (errmsg (function () return type () end) ==
        "bad argument #1 to 'type' (value expected)")
local mt = { __index = function () return 1 end }
local t = setmetatable ({}, mt)
assert (getmetatable (t) == mt and t.x == 1)
assert (setmetatable (t, {}) == t and setmetatable (t, nil) == t)
assert (getmetatable (t) == nil)
local p = setmetatable ({}, { __metatable = "locked" })
assert (errmsg (function () return setmetatable (p, {}) end) ==
        "cannot change a protected metatable")
assert (errmsg (function () return setmetatable ({}) end) ==
        "bad argument #2 to 'setmetatable' (nil or table expected, got no value)")
assert (errmsg (function () return setmetatable (1, {}) end) ==
        "bad argument #1 to 'setmetatable' (table expected, got number)")
local gcran = false
do local _ = setmetatable ({}, { __gc = function () gcran = true end }) end
collectgarbage (); collectgarbage ()
assert (gcran)
local weak = setmetatable ({}, { __mode = "k" })
weak[{}] = 1
collectgarbage ()
assert (next (weak) == nil)
assert (select ('#') == 0 and select ('#', 1, nil, 3) == 3)
assert (select (2, 'a', 'b', 'c') == 'b' and select (-1, 'a', 'b') == 'b')
assert (select (5, 1, 2) == nil and select (2.0, 'x', 'y') == 'y')
assert (select ('#x', 1) == 1)
assert (errmsg (function () return select (0, 1) end) ==
        "bad argument #1 to 'select' (index out of range)")
assert (#{ select (1, 1, 2, 3) } == 3)

-- next, pairs
local u = { 10, 20, 30, x = 1, y = 2, [2.5] = 3 }
local n = 0
for _ in pairs (u) do n = n + 1 end
assert (n == 6 and next ({}) == nil and next ({ 5 }) == 1)
for k in next, u do if k == "x" then u.x = nil end end
assert (errmsg (function () return next (u, "nokey") end) ==
        "invalid key to 'next'")
assert (errmsg (function () return next (1) end) ==
        "bad argument #1 to 'next' (table expected, got number)")
local w = {}
for i = 1, 100 do w["k" .. i] = i end
local sum = 0
for k, v in pairs (w) do sum = sum + v; w[k] = nil end
assert (sum == 5050 and next (w) == nil)

-- table.insert (t, v), table.remove (t)
local q = {}
for i = 1, 100 do table.insert (q, i * 2) end
assert (#q == 100 and q[1] == 2 and q[100] == 200)
for i = 100, 1, -1 do assert (table.remove (q) == i * 2) end
assert (#q == 0 and next (q) == nil)
assert (table.remove (q) == nil and #q == 0)
q[0] = "zero"
assert (table.remove (q) == "zero" and q[0] == nil)
q = { n = 1, [1] = "a" }             -- the list in the hash part
table.insert (q, "b")
assert (q[2] == "b" and table.remove (q) == "b" and table.remove (q) == "a")
q = { 1, 2, 3 }
table.insert (q, nil)                 -- a nil appends nothing
assert (#q == 3)
table.insert (q, 1, 0)                -- positions take the normal entry
assert (q[1] == 0 and q[4] == 3 and table.remove (q, 1) == 0)
local r = table.remove (q)
assert (r == 3 and #q == 2)
assert (select ('#', table.insert (q, 5)) == 0)
assert (select ('#', table.remove (q)) == 1)
-- with a metatable: __len, __index, __newindex are used
local log = {}
local proxy = setmetatable ({}, {
  __len = function () return 10 end,
  __index = function (_, k) return "v" .. k end,
  __newindex = function (_, k, v) log[#log + 1] = k .. "=" .. tostring (v) end })
table.insert (proxy, "x")
assert (log[1] == "11=x")
assert (table.remove (proxy) == "v10" and log[2] == "10=nil")
assert (errmsg (function () return table.insert (1, 2) end) ==
        "bad argument #1 to 'insert' (table expected, got number)")
assert (errmsg (function () return table.insert ({}) end) ==
        "wrong number of arguments to 'insert'")
assert (errmsg (function () return table.insert ({}, 1, 2, 3) end) ==
        "wrong number of arguments to 'insert'")
assert (errmsg (function () return table.remove ("s") end) ==
        "bad argument #1 to 'remove' (table expected, got string)")
assert (errmsg (function () return table.remove () end) ==
        "bad argument #1 to 'remove' (table expected, got no value)")
-- new objects appended to an old table survive the collector (barrier)
do
  local old = {}
  collectgarbage (); collectgarbage ()
  local mode = collectgarbage ("incremental")
  for i = 1, 2000 do
    table.insert (old, { i })
    if i % 100 == 0 then collectgarbage ("step", 0) end
  end
  collectgarbage ()
  for i = 1, 2000 do assert (old[i][1] == i) end
  collectgarbage ("generational")
  local old2 = {}
  collectgarbage (); collectgarbage ()
  for i = 1, 2000 do table.insert (old2, { i }) end
  collectgarbage ()
  for i = 1, 2000 do assert (old2[i][1] == i) end
  collectgarbage (mode)
end

-- hooks see the calls
local calls = 0
debug.sethook (function () calls = calls + 1 end, "c")
local _ = math.floor (1.5); _ = type (1); _ = s:byte (1)
debug.sethook ()
assert (calls >= 4)

print ("OK fastcalls")
