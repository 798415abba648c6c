-- warn.lua: the warn function: argument checking, control messages
-- (@on/@off, unknown ones ignored) and concatenation of pieces. The
-- stand-alone interpreter starts with warnings off; the warnings emitted
-- here go to stderr ("Lua warning: ..."), whose first line the
-- differential suite compares with the reference.

local function perr(msg, f, ...)
  local ok, e = pcall(f, ...)
  assert(not ok and e == msg, e)
end

perr("bad argument #1 to 'warn' (string expected, got no value)", warn)
perr("bad argument #1 to 'warn' (string expected, got table)", warn, {})
perr("bad argument #2 to 'warn' (string expected, got table)", warn, "a", {})
perr("bad argument #2 to 'warn' (string expected, got nil)", warn, "a", nil)
perr("bad argument #1 to 'warn' (string expected, got boolean)", warn, true)

-- warn returns nothing
assert(select("#", warn("@off")) == 0)

warn("not shown: warnings are off")
warn("@on")
warn("hello ", "world")        -- pieces are concatenated: "hello world"
warn("@unknown")               -- unknown control messages are ignored
warn(1, 2.5)                   -- numbers are accepted as strings
warn("@off")
warn("hidden again")

print("OK warn")
