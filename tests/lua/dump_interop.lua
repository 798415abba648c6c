-- dump_interop.lua: binary chunks are Lua 5.5.0's, in both directions.
-- For each sample program, plain and stripped: the chunk string.dump writes
-- here is byte for byte the one the reference interpreter (ELARA_REF_LUA)
-- writes for the same source (except for the last program, which uses the
-- two constructs our compiler codes differently); the reference loads and runs ours with the
-- same results (line numbers in error messages included); and we load and
-- run the reference's.  Skips without ELARA_REF_LUA or a shell.  (Under the
-- differential suite the reference runs this script too, against itself.)

local ref = os.getenv("ELARA_REF_LUA")
if ref == nil or ref == "" then print("SKIP: ELARA_REF_LUA not set") return end
if not os.execute() then print("SKIP: needs a shell") return end

local function readfile(name)
  local f = assert(io.open(name, "rb"))
  local s = f:read("a")
  f:close()
  return s
end

local function writefile(name, s)
  local f = assert(io.open(name, "wb"))
  f:write(s)
  f:close()
end

local function shell_quote(s)
  return "'" .. s:gsub("'", "'\\''") .. "'"
end

-- run the reference on a script with arguments; returns its stdout
local function run_ref(script, ...)
  local cmd = { shell_quote(ref), shell_quote(script) }
  for _, a in ipairs({...}) do cmd[#cmd + 1] = shell_quote(a) end
  local p = assert(io.popen(table.concat(cmd, " ") .. " 2>&1", "r"))
  local out = p:read("a")
  local ok = p:close()
  assert(ok, "reference failed: " .. out)
  return out
end

local tmp_src = os.tmpname()
local tmp_chunk = os.tmpname()
local tmp_driver = os.tmpname()

-- the reference's side: dump a source file ("dump") or run a binary chunk
writefile(tmp_driver, [[
local what, a, b, strip = ...
if what == "dump" then
  local src = io.open(a, "rb"):read("a")
  local f = assert(load(src, "@interop.lua"))
  local out = io.open(b, "wb")
  out:write(string.dump(f, strip == "strip"))
  out:close()
else
  io.write(assert(loadfile(a, "b"))())
end
]])

-- Each program returns a string describing what it computed.
local programs = {
  -- constants of every kind, including ones needing long varints
  [[
local t = { nil, false, true, 0, 1, -1, 127, 128, -129, 1 << 40,
            math.maxinteger, math.mininteger, 0.5, -370.5, 1e300,
            "", "short", (string.rep("long", 20)) }
local out = {}
for i = 1, 18 do out[i] = tostring(t[i]) end
return table.concat(out, " ")
]],
  -- closures, upvalues, varargs (hidden and as a table), nested functions
  [[
local a, b = 10, 20
local function mk (n) return function (...) return n + a + b + select("#", ...) end end
local function vt (...t) return #t end
local g <const> = mk(5)
return string.format("%d %d %d", g(1, 2, 3), vt(4, 5, 6, 7), mk(1)())
]],
  -- the same long string in many functions (written once, then referenced)
  [[
local s <const> = "|" .. string.rep("X", 60) .. "|"
local fs = { function () return s end, function () return s .. "!" end,
             function () return #s end }
return fs[1]() .. fs[2]() .. fs[3]()
]],
  -- line information: long functions (an absolute entry every 128
  -- instructions), far jumps, lines going back; read back through errors
  -- and debug.getinfo
  [[
local x = 0
local function long ()
]] .. string.rep("  x = x + 1\n", 300) .. [[
  return debug.getinfo(1, "l").currentline
end
]] .. string.rep("\n", 400) .. [[
local ok, msg = pcall(function ()
  local t = nil
  return t.field
end)
local l2 = debug.getinfo(1, "l").currentline
return table.concat({ long(), x, tostring(msg), l2,
                      (debug.getinfo(long, "S").short_src) }, " ")
]],
  -- loops, goto, integer division and bitwise operations, table sizes
  [[
local r = 0
for i = 1, 100 do r = r + i // 3 end
for k, v in pairs({ 1, 2, 3 }) do r = r ~ (k << v) end
local i = 0
::top:: i = i + 1
if i < 10 then goto top end
local big = {}
for j = 1, 1000 do big[j] = j end
return string.format("%d %d %d", r, i, #big)
]],
  -- where our compiler deliberately emits other code (see below): a while
  -- loop (its test at the bottom) and a constructor ending in a call (its
  -- array part sized for one value)
  [[
local function pair (a) return a, a end
local n, acc = 0, {}
while n < 5 do n = n + 1; acc[n] = { n, pair(n) } end
return string.format("%d %d %d", n, #acc[5], acc[3][3])
]],
}
-- Programs whose code is ours, not the reference's: their chunks still
-- load and run both ways, but the bytes differ.
local compiled_differently = { [#programs] = true }

local nchecks = 0
for n, src in ipairs(programs) do
  local f = assert(load(src, "@interop.lua"))
  local from_source = f()
  writefile(tmp_src, src)
  for _, strip in ipairs({ false, true }) do
    local tag = string.format("program %d%s", n, strip and " (stripped)" or "")
    -- the same bytes
    local mine = string.dump(f, strip)
    run_ref(tmp_driver, "dump", tmp_src, tmp_chunk, strip and "strip" or "")
    local theirs = readfile(tmp_chunk)
    if not compiled_differently[n] then
      assert(mine == theirs, tag .. ": dumps differ")
    end
    -- what the chunk computes here (stripped: without line numbers)
    local want = assert(load(mine, "=chunk", "b"))()
    if not strip then assert(want == from_source, tag) end
    -- theirs runs here
    assert(assert(load(theirs, "=chunk", "b"))() == want, tag)
    -- ours runs there
    writefile(tmp_chunk, mine)
    local got = run_ref(tmp_driver, "run", tmp_chunk)
    assert(got == want, tag .. ": reference computed " .. got ..
                        ", expected " .. want)
    nchecks = nchecks + 1
  end
end

os.remove(tmp_src)
os.remove(tmp_chunk)
os.remove(tmp_driver)
assert(nchecks == 2 * #programs)
print("OK dump_interop")
