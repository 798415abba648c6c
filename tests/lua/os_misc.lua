-- os_misc.lua: os.getenv, os.remove, os.rename, os.tmpname, os.execute,
-- os.setlocale and os.exit (the last one in child interpreters, when the
-- script knows its interpreter through arg[-1]).

local function perr(msg, f, ...)
  local ok, e = pcall(f, ...)
  assert(not ok and e == msg, e)
end

-- getenv
assert(type(os.getenv("PATH")) == "string")
assert(os.getenv("ELARA_SURELY_UNDEFINED_VARIABLE_42") == nil)
perr("bad argument #1 to 'os.getenv' (string expected, got no value)",
     os.getenv)

-- tmpname creates the file (empty), so the name is reserved
local name = os.tmpname()
do
  local second = os.tmpname()
  assert(type(name) == "string" and name ~= second)
  assert(os.remove(second))
end
do
  local f = assert(io.open(name))
  assert(f:read("a") == "")
  f:close()
end

-- rename and remove
do
  local other = name .. ".renamed"
  assert(os.rename(name, other) == true)
  assert(io.open(name) == nil)
  local ok, msg, code = os.rename(name, other)
  assert(ok == nil and msg == "No such file or directory" and code == 2)
  assert(os.remove(other) == true)
  ok, msg, code = os.remove(other)
  assert(ok == nil and msg == other .. ": No such file or directory"
         and code == 2)
  perr("bad argument #2 to 'os.rename' (string expected, got no value)",
       os.rename, name)
  perr("bad argument #1 to 'os.remove' (string expected, got no value)",
       os.remove)
end

-- removing a directory that is not empty fails with the system's reason
do
  local ok, msg, code = os.remove("/")
  assert(ok == nil and type(msg) == "string" and type(code) == "number")
end

-- setlocale: queries and the categories
assert(os.setlocale() == "C")
assert(os.setlocale("C") == "C")
for _, cat in ipairs{"all", "collate", "ctype", "monetary", "numeric",
                     "time"} do
  assert(os.setlocale(nil, cat) == "C")
  assert(os.setlocale("C", cat) == "C")
  assert(os.setlocale("POSIX", cat) == "C")
end
assert(os.setlocale("no-such-locale_XX.invalid") == nil)
assert(os.setlocale() == "C")
perr("bad argument #2 to 'os.setlocale' (invalid option 'digits')",
     os.setlocale, "C", "digits")

-- execute
if os.execute() then
  local ok, what, code = os.execute("exit 0")
  assert(ok == true and what == "exit" and code == 0)
  ok, what, code = os.execute("exit 7")
  assert(ok == nil and what == "exit" and code == 7)
  ok, what, code = os.execute("kill -15 $$")
  assert(ok == nil and what == "signal" and code == 15)
  assert(select("#", os.execute("true")) == 3)
end

-- exit, in a child interpreter
local interp = arg and arg[-1]
if interp and os.execute() then
  local function run(code)
    local p = assert(io.popen(interp .. " -e \"" .. code .. "\" 2>&1"))
    local out = p:read("a")
    return out, p:close()
  end
  local function status(code)
    local _, _, what, n = run(code)
    return what .. " " .. n
  end
  assert(status("os.exit()") == "exit 0")
  assert(status("os.exit(3)") == "exit 3")
  assert(status("os.exit(true)") == "exit 0")
  assert(status("os.exit(false)") == "exit 1")
  -- buffered output is flushed on exit
  assert(run("io.write('buffered'); os.exit(0)") == "buffered")
  -- with 'close', pending to-be-closed variables and finalizers run
  local prog = "local x <close> = setmetatable({}, {__close = function ()"
               .. " io.write('closed ') end});"
               .. " setmetatable({}, {__gc = function () io.write('gc') end});"
               .. " os.exit(5, CLOSE)"
  local out, _, what, n = run("CLOSE = true; " .. prog)
  assert(out == "closed gc" and what == "exit" and n == 5)
  out, _, what, n = run("CLOSE = false; " .. prog)
  assert(out == "" and what == "exit" and n == 5)
  -- closing from inside a coroutine closes the whole state
  out, _, what, n = run("setmetatable({}, {__gc = function ()"
                        .. " io.write('gc') end});"
                        .. " coroutine.wrap(function () os.exit(true, true)"
                        .. " end)()")
  assert(out == "gc" and what == "exit" and n == 0)
end

print("OK os_misc")
