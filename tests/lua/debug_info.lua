-- debug_info.lua: debug.getinfo, getlocal/setlocal, upvalues, traceback
-- and the small functions of the debug library.

assert(debug.setcstacklimit == nil)   -- removed in 5.5

-- getinfo on a function
local function f (a, b, ...) return a end
local t = debug.getinfo(f)
assert(t.what == "Lua" and t.func == f and t.nparams == 2 and t.isvararg)
assert(t.linedefined == 7 and t.lastlinedefined == 7)
assert(t.short_src == "debug_info.lua" and t.source == "@debug_info.lua")
assert(t.currentline == -1 and t.nups == 0)
t = debug.getinfo(print)
assert(t.what == "C" and t.short_src == "[C]" and t.currentline == -1)
assert(t.source == "=[C]" and t.isvararg and t.nparams == 0)
t = debug.getinfo(f, "S")
assert(t.func == nil and t.currentline == nil and t.what == "Lua")
t = debug.getinfo(f, "L")
local n = 0
for k, v in pairs(t.activelines) do assert(v == true); n = n + 1 end
assert(n == 1 and t.activelines[7])

-- levels, names and current lines
local function where () return debug.getinfo(2, "nSl") end
local function caller ()
  local i = where()
  return i
end
t = caller()
assert(t.currentline == 25 and t.name == nil or t.name == "caller")
t = debug.getinfo(1, "l")
assert(t.currentline == 31)
local info = debug.getinfo(1, "n")
assert(info.name == nil)
t = debug.getinfo(1, "Sf")
assert(t.what == "main")
assert(debug.getinfo(100) == nil)   -- level out of range: fail
local function named () return debug.getinfo(1, "n") end
t = named()
assert(t.name == "named" and t.namewhat == "local")
local obj = {}
function obj.m () return debug.getinfo(1, "n") end
function obj:mm () return debug.getinfo(1, "n") end
t = obj.m(); assert(t.name == "m" and t.namewhat == "field")
t = obj:mm(); assert(t.name == "mm" and t.namewhat == "method")

-- 't': tail calls and extra arguments of __call
local function tail () return debug.getinfo(1, "t") end
local function calltail () return tail() end
t = calltail()
assert(t.istailcall == true and t.extraargs == 0)
local callable = setmetatable({}, {__call = function ()
  return debug.getinfo(1, "t").extraargs
end})
assert(callable() == 1)

-- 'r' outside a hook
t = debug.getinfo(1, "r")
assert(t.ftransfer == 0 and t.ntransfer == 0)

-- invalid options
assert(not pcall(debug.getinfo, 1, ">"))
assert(not pcall(debug.getinfo, 1, "X"))
local ok, msg = pcall(debug.getinfo, 1, "X")
assert(msg == "bad argument #2 to 'debug.getinfo' (invalid option)", msg)
ok, msg = pcall(debug.getinfo, {})
assert(not ok)

-- locals
local function locals (x, y, ...)
  local z = x + y
  local n1, v1 = debug.getlocal(1, 1)
  local n3, v3 = debug.getlocal(1, 3)
  local va, vv = debug.getlocal(1, -1)
  local vn = debug.getlocal(1, -3)
  assert(debug.setlocal(1, 3, 100) == "(vararg table)" or true)
  return n1, v1, va, vv, vn
end
local n1, v1, va, vv, vn = locals(1, 2, "va1", "va2")
assert(n1 == "x" and v1 == 1)
assert(va == "(vararg)" and vv == "va1" and vn == nil)
assert(debug.getlocal(locals, 1) == "x" and debug.getlocal(locals, 2) == "y")
assert(debug.getlocal(locals, 3) == nil)
assert(debug.getlocal(print, 1) == nil)
ok, msg = pcall(debug.getlocal, 100, 1)
assert(msg == "bad argument #1 to 'debug.getlocal' (level out of range)", msg)
do
  local a = 10
  assert(debug.setlocal(1, 1, 20) ~= nil)
end
do
  local q = 1
  local name = debug.setlocal(1, 100, 2)
  assert(name == nil and q == 1)
end

-- locals and info of another coroutine
local co = coroutine.create(function (p)
  local inside = p * 2
  coroutine.yield()
end)
coroutine.resume(co, 21)
local nm, val = debug.getlocal(co, 1, 2)
assert(nm == "inside" and val == 42)
assert(debug.setlocal(co, 1, 2, 0) == "inside")
assert(select(2, debug.getlocal(co, 1, 2)) == 0)
t = debug.getinfo(co, 1, "l")
assert(t.currentline == 100)
assert(debug.getinfo(co, 5) == nil)

-- upvalues
local u1, u2 = 1, 2
local function up () return u1 + u2 end
local name, value = debug.getupvalue(up, 1)
assert(name == "u1" and value == 1)
assert(debug.setupvalue(up, 2, 40) == "u2" and u2 == 40)
assert(debug.getupvalue(up, 3) == nil)
assert(debug.setupvalue(up, 3, 0) == nil)
assert(debug.getupvalue(print, 1) == nil)
local function up2 () return u2 end
assert(debug.upvalueid(up, 2) == debug.upvalueid(up2, 1))
assert(debug.upvalueid(up, 1) ~= debug.upvalueid(up2, 1))
assert(debug.upvalueid(up, 5) == nil)
debug.upvaluejoin(up, 1, up2, 1)
assert(up() == 80 and debug.upvalueid(up, 1) == debug.upvalueid(up2, 1))
ok, msg = pcall(debug.upvaluejoin, up, 9, up2, 1)
assert(msg == "bad argument #2 to 'debug.upvaluejoin' (invalid upvalue index)", msg)
ok, msg = pcall(debug.upvaluejoin, up, 1, up2, 9)
assert(msg == "bad argument #4 to 'debug.upvaluejoin' (invalid upvalue index)", msg)

-- metatables, registry and user values
local mt = {}
assert(debug.setmetatable(10, mt) == 10)
assert(debug.getmetatable(20) == mt)
debug.setmetatable(10, nil)
assert(debug.getmetatable(1) == nil)
assert(not pcall(debug.setmetatable, 1, 2))
assert(type(debug.getregistry()) == "table")
assert(debug.getregistry()._LOADED == package.loaded or package == nil)
assert(debug.getuservalue(1) == nil)
assert(select("#", debug.getuservalue({})) == 1)
assert(not pcall(debug.setuservalue, {}, 1))

-- traceback
assert(debug.traceback(nil) ~= nil)
local tb = debug.traceback("msg", 1)
assert(type(tb) == "string" and #tb > 20)
assert(type(debug.traceback(12)) == "string")   -- numbers are messages
local tbl = {}
assert(debug.traceback(tbl) == tbl)
assert(debug.traceback(co) ~= nil)
assert(debug.traceback(co, "x", 0) ~= nil)

print("OK debug_info")
