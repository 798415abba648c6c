-- package_require.lua: require, package.loaded/preload/searchers, the
-- "not found" message and the loader data.

assert(package.loaded._G == _G)
assert(package.loaded.package == package)
assert(require "package" == package)
assert(require "coroutine" == coroutine)
assert(type(package.preload) == "table")
assert(type(package.searchers) == "table" and #package.searchers >= 4)
assert(package.config == "/\n;\n?\n!\n-\n")

-- preload: the loader gets the name and ":preload:"
local got = {}
package.preload["p.a"] = function (...)
  got = {...}
  return {name = ...}
end
local m, data = require "p.a"
assert(m.name == "p.a" and data == ":preload:")
assert(got[1] == "p.a" and got[2] == ":preload:")
assert(package.loaded["p.a"] == m)
-- already loaded: one result, the loader is not run again
got = nil
assert(select("#", require "p.a") == 1 and got == nil)

-- a loader returning nil makes the module 'true'
package.preload.nothing = function () end
local v, d = require "nothing"
assert(v == true and d == ":preload:" and package.loaded.nothing == true)

-- a loader that stores the module itself and returns nil
package.preload.self = function (name) package.loaded[name] = 42 end
assert(require "self" == 42)

-- a loader returning false: false is stored
package.preload.f = function () return false end
assert(require "f" == false and package.loaded.f == false)
-- false is not "loaded": the loader runs again
local count = 0
package.preload.f = function () count = count + 1; return "again" end
assert(require "f" == "again" and count == 1)

-- the "not found" message lists every searcher's attempt
do
  local oldpath, oldcpath = package.path, package.cpath
  package.path = "?.lua;?/?"
  package.cpath = "?.so;?/init"
  local ok, msg = pcall(require, "XXX")
  assert(not ok)
  assert(msg == [[module 'XXX' not found:
	no field package.preload['XXX']
	no file 'XXX.lua'
	no file 'XXX/XXX'
	no file 'XXX.so'
	no file 'XXX/init']], msg)
  -- sub-modules: '.' becomes the directory separator
  package.path, package.cpath = "?.lua", "?.so"
  ok, msg = pcall(require, "a.b")
  assert(msg == [[module 'a.b' not found:
	no field package.preload['a.b']
	no file 'a/b.lua'
	no file 'a/b.so'
	no file 'a.so']], msg)   -- the last one: the all-in-one loader
  package.path, package.cpath = oldpath, oldcpath
end

-- Lua files: the loader data is the file name
do
  local oldpath = package.path
  package.path = "./data/?.lua"
  local t, file = require "chunk"
  assert(type(t) == "table" and t.marker == "chunk" and t.nargs == 2)
  assert(file == "./data/chunk.lua")
  local ok, msg = pcall(require, "syntax-error")
  assert(not ok and msg == "error loading module 'syntax-error' from " ..
         "file './data/syntax-error.lua':\n\t" ..
         "./data/syntax-error.lua:3: unexpected symbol near '='", msg)
  package.path = {}
  ok, msg = pcall(require, "no-such-file")
  assert(not ok and msg == "'package.path' must be a string", msg)
  package.path = oldpath
end

-- a searcher returning nothing adds nothing to the message
do
  local old = package.searchers
  package.searchers = {function () end,
                       function (n) return "custom " .. n end}
  local ok, msg = pcall(require, "zz")
  assert(not ok and msg == "module 'zz' not found:\n\tcustom zz", msg)
  package.searchers = {function (n) return function (...) return {...} end,
                                           "extra" end}
  local r, x = require "yy"
  assert(r[1] == "yy" and r[2] == "extra" and x == "extra")
  package.searchers = 3
  ok, msg = pcall(require, "ww")
  assert(not ok and msg == "'package.searchers' must be a table", msg)
  package.searchers = old
end

-- errors in the argument
assert(not pcall(require))
assert(not pcall(require, {}))

print("OK package_require")
