-- capi.lua: drives the C module capitest (capi/*.h, the capi plugin)
-- through require; each C function checks itself, this script checks what
-- crosses back into Lua.  Run by the launcher with LUA_CPATH set to the
-- folder of capitest.so.

local T = require "capitest"
assert(package.loaded.capitest == T)

assert(T.stack() == 42)
assert(T.push() == true)

local t = T.tables()
assert(t.a == 10 and t[1] == "one" and t[2] == "two" and t.k == true)
assert(capitest_global == t and capitest_fn(1, 2) == 2)

-- userdata with user values and a metatable made in C
local box = T.meta()
assert(tostring(box) == "Box(5)" and box.value == 5 and box.other == "uv1")
local b2 = T.newbox(9, "second")
assert(b2.value == 9 and b2.x == "second")
assert(getmetatable(b2) == getmetatable(box))

assert(T.registry() == true)
local s = T.buffers()
assert(#s == 11)

-- errors raised in C, caught in Lua
local ok, msg = pcall(T.raise, "boom")
assert(not ok and msg == "raised boom 7", msg)
local ok2, obj = pcall(T.raiseobj)
assert(not ok2 and type(obj) == "table" and obj.code == "payload")
assert(select(2, pcall(T.raise, "x", 3)) == "raised x 3")
local ok3, m3 = pcall(T.checkint, "nan")
assert(not ok3 and m3:find("bad argument #1 to '[%w.]*checkint' %(number expected, got string%)"), m3)
ok3, m3 = pcall(T.checkint, -1)
assert(not ok3 and m3:find("must be non%-negative"), m3)
ok3, m3 = pcall(T.checkint, 1, "gamma")
assert(not ok3 and m3:find("invalid option 'gamma'"), m3)
ok3, m3 = pcall(T.checkint, 1, "alpha", 5)
assert(not ok3 and m3:find("table expected, got number"), m3)
local r1, r2, r3, r4 = T.checkint(4, "alpha", nil, 2.5, "s", 8)
assert(r1 == 4 and r2 == 2.5 and r3 == "s" and r4 == 8)
r1, r2, r3, r4 = T.checkint(4)
assert(r1 == 5 and r2 == 0.5 and r3 == "dflt" and r4 == -1)
for i, pat in ipairs { "table expected, got no value", "value expected",
                       "capitest.Box expected", "widget expected" } do
  local okk, mm = pcall(T.typeerrors, i)
  assert(not okk and mm:find(pat, 1, true), mm)
end

-- a Lua error thrown through a C frame (lua_pcall in C, then lua_call)
assert(T.callback(function (how) return how .. "!" end) == "pcall!")
local okc, mc = pcall(T.callback, function (how) error("in " .. how, 0) end)
assert(not okc and mc == "in call", mc)
assert(T.traceback():find("stack traceback:", 1, true))

-- continuations: callk / pcallk / yieldk inside coroutines
local co = coroutine.wrap(function ()
  return T.kcall(function () return coroutine.yield("y1") + 1 end)
end)
assert(co() == "y1")
local v, st, ctx = co(41)
assert(v == 42 and st == 1 and ctx == 11, tostring(st))   -- LUA_YIELD

co = coroutine.wrap(function ()
  return T.kpcall(function () coroutine.yield("y2"); error("late", 0) end)
end)
assert(co() == "y2")
local e, st2, ctx2 = co()
assert(e == "late" and st2 == 2 and ctx2 == 22)           -- LUA_ERRRUN

co = coroutine.wrap(function (a) return T.kyield(a) end)
assert(co("in") == "out")
-- the continuation sees its stack with the yielded value replaced by the
-- resume arguments
local a1, a2, a3 = co("back")
assert(a1 == "in" and a2 == "back" and a3 == 42)

co = coroutine.wrap(function (...) return "done", T.yield(...) end)
local y1, y2 = co(1, 2)
assert(y1 == 1 and y2 == 2)
assert(select("#", co("r")) == 2)
assert(T.isyieldable() == false)
assert(coroutine.wrap(T.isyieldable)() == true)

assert(T.resume(function (x) local y = coroutine.yield(x + 1) return y * 2 end,
                function () error("dead") end))

-- lua_toclose / lua_closeslot
local closed = 0
local tbc = setmetatable({}, { __close = function () closed = closed + 1 end })
assert(T.toclose(tbc) == 1 and closed == 1)

assert(T.loaddump())

-- debug interface: called from a Lua function with locals x and y
local up1, up2 = 1, 2
local function withups () return up1 + up2 end
local function caller (f)
  local x = 10
  local y = "why"
  assert(T.debug(f))
  return x
end
assert(caller(withups) == 11)     -- lua_setlocal changed x
assert(up1 == 500)                -- lua_setupvalue
assert(withups() == 1000)         -- lua_upvaluejoin: both refer to up1

assert(T.gc())
assert(T.misc())
assert(package.loaded["capitest.sub"].name == "capitest.sub")

-- C module loading: the '-' mark, the all-in-one loader, loadlib
local v2 = require "capitest-v2"
assert(type(v2) == "table" and v2.stack)       -- luaopen_capitest
assert(require "capitest.alt" == "alt")        -- croot: luaopen_capitest_alt
local path = package.searchpath("capitest", package.cpath)
local f = assert(package.loadlib(path, "luaopen_capitest_alt"))
assert(f() == "alt")
assert(package.loadlib(path, "*") == true)
local nf, err, where = package.loadlib(path, "luaopen_nothing")
assert(nf == nil and err:find("luaopen_nothing") and where == "init")
nf, err, where = package.loadlib("/nonexistent/x.so", "f")
assert(nf == nil and where == "open")
local okr, mr = pcall(require, "capitest.nothing")
assert(not okr and mr:find("no module 'capitest.nothing' in file", 1, true), mr)

print("OK capi")
