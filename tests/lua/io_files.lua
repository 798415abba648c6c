-- io_files.lua: file handles: open modes, write and read back with every
-- read format, seek, setvbuf, flush, close, tostring/type, error results.
-- Works on os.tmpname() files and removes them.

-- (a method called through pcall has no name: '?')
local function perr(msg, f, ...)
  local ok, e = pcall(f, ...)
  assert(not ok and e == msg, e)
end

local name = os.tmpname()

-- open modes: [rwa]+?b* only
perr("bad argument #2 to 'io.open' (invalid mode)", io.open, name, "rw")
perr("bad argument #2 to 'io.open' (invalid mode)", io.open, name, "")
perr("bad argument #2 to 'io.open' (invalid mode)", io.open, name, "r+x")
perr("bad argument #2 to 'io.open' (invalid mode)", io.open, name, "+")
perr("bad argument #1 to 'io.open' (string expected, got no value)", io.open)
for _, m in ipairs{"r", "rb", "r+", "r+b", "w", "wb", "w+", "a", "ab",
                   "a+", "a+bb"} do
  local f = assert(io.open(name, m))
  assert(io.type(f) == "file")
  assert(f:close() == true)
  assert(io.type(f) == "closed file")
end

-- a failed open: fail, "name: message", errno
do
  local missing = name .. ".does-not-exist"
  local f, msg, code = io.open(missing)
  assert(f == nil and msg == missing .. ": No such file or directory"
         and code == 2)
end

-- io.type
assert(io.type(io.stdout) == "file")
assert(io.type(nil) == nil and io.type({}) == nil and io.type(1) == nil)
perr("bad argument #1 to 'io.type' (value expected)", io.type)

-- write returns the file; numbers are written as tostring shows them
do
  local f = assert(io.open(name, "w"))
  assert(f:write("alo", 12, " ", 3.5, "\n") == f)
  assert(f:write() == f)
  local nums = {1, -7, 0.1, -0.0, 1e100, 2^53, 1/3, 0x7fffffffffffffff,
                0x8000000000000000, 1/0, -1/0}
  for _, x in ipairs(nums) do
    f:write(x, "\n")
  end
  perr("bad argument #2 to '?' (string expected, got table)",
       f.write, f, {})
  perr("bad argument #3 to '?' (string expected, got boolean)",
       f.write, f, "x", true)
  assert(f:close())
  -- read back line by line
  f = assert(io.open(name))
  assert(f:read() == "alo12 3.5")
  for _, x in ipairs(nums) do
    assert(f:read("l") == tostring(x))
  end
  assert(f:read("l") == "x")  -- written before the bad argument was seen
  assert(f:read("l") == nil)
  assert(f:read("a") == "")
  assert(f:read(0) == nil)     -- at end of file
  assert(f:read(1) == nil)
  f:close()
end

-- read formats
do
  local f = assert(io.open(name, "w"))
  f:write("line one\n", "line two\n", "\n", "  0x10 -3 .5 1e2 4.  12abc\n",
          "0x1p4 +7\n", "last")
  f:close()
  f = assert(io.open(name, "r"))
  assert(f:read("L") == "line one\n")
  assert(f:read("*l") == "line two")          -- '*' still accepted
  assert(f:read("l") == "")
  local a, b, c, d, e = f:read("n", "n", "n", "n", "n")
  assert(tostring(a) == "16" and tostring(b) == "-3")
  assert(tostring(c) == "0.5" and tostring(d) == "100.0")
  assert(tostring(e) == "4.0")
  assert(tostring(f:read("n")) == "12")
  assert(f:read("n") == nil)        -- "abc" is not a numeral
  assert(f:read("l") == "abc")     -- nothing was consumed
  local h, i = f:read("n", "n")
  assert(tostring(h) == "16.0" and i == 7)   -- hexadecimal float
  assert(f:read(0) == "")           -- not at end of file yet
  -- several formats, stopping at the first failure
  local x, y, z = f:read("l", "l", "l")
  assert(x == "" and y == "last" and z == nil)
  assert(select("#", f:read("l", "l", "l")) == 1)
  -- formats after a failed one are not even checked
  assert(f:read("l", "*x") == nil)
  f:seek("set")
  perr("bad argument #2 to '?' (invalid format)", f.read, f, "x")
  perr("bad argument #3 to '?' (invalid format)", f.read, f, "l", "*x")
  perr("bad argument #2 to '?' (number has no integer representation)",
       f.read, f, 1.5)
  f:close()
end

-- "n" gives up on numerals longer than 200 characters
do
  local f = assert(io.open(name, "w"))
  local long = "1"
  for _ = 1, 8 do long = long .. long end   -- 256 digits
  f:write(long, " 5")
  f:close()
  f = assert(io.open(name))
  assert(f:read("n") == nil)
  f:close()
end

-- read counts and "a"
do
  local f = assert(io.open(name, "wb"))
  f:write("0123456789")
  f:close()
  f = assert(io.open(name, "rb"))
  assert(f:read(3) == "012")
  local p, q = f:read(3, 2)
  assert(p == "345" and q == "67")
  assert(f:read("a") == "89")
  assert(f:read("a") == "")
  f:close()
end

-- seek
do
  local f = assert(io.open(name, "w+"))
  f:write("hello world")
  assert(f:seek() == 11)
  assert(f:seek("set") == 0)
  assert(f:read(5) == "hello")
  assert(f:seek("cur") == 5)
  assert(f:seek("cur", 1) == 6)
  assert(f:read("a") == "world")
  assert(f:seek("end", -5) == 6)
  assert(f:seek("set", 2) == 2)
  assert(f:read(3) == "llo")
  local ok, msg, code = f:seek("set", -1)
  assert(ok == nil and msg == "Invalid argument" and code == 22)
  perr("bad argument #2 to '?' (invalid option 'middle')",
       f.seek, f, "middle")
  f:close()
end

-- append mode keeps what was there
do
  local f = assert(io.open(name, "a"))
  f:write("!")
  f:close()
  f = assert(io.open(name))
  assert(f:read("a") == "hello world!")
  f:close()
end

-- setvbuf and flush
do
  local f = assert(io.open(name, "w"))
  assert(f:setvbuf("no") == true)
  assert(f:setvbuf("full", 1024) == true)
  assert(f:setvbuf("line") == true)
  perr("bad argument #2 to '?' (invalid option 'some')",
       f.setvbuf, f, "some")
  perr("bad argument #2 to '?' (string expected, got no value)",
       f.setvbuf, f)
  assert(f:write("x"):flush() == true)
  f:close()
end

-- closed handles
do
  local f = assert(io.open(name))
  assert(tostring(f) ~= "file (closed)")
  assert(f:close())
  assert(tostring(f) == "file (closed)")
  perr("attempt to use a closed file", f.read, f)
  perr("attempt to use a closed file", f.write, f, "x")
  perr("attempt to use a closed file", f.lines, f)
  perr("attempt to use a closed file", f.seek, f)
  perr("attempt to use a closed file", f.flush, f)
  perr("attempt to use a closed file", f.setvbuf, f, "no")
  perr("attempt to use a closed file", f.close, f)
  perr("attempt to use a closed file", io.close, f)
  perr("bad argument #1 to '?' (FILE* expected, got table)", f.read, {})
end

-- the metatable
do
  local mt = getmetatable(io.stdout)
  assert(mt.__name == "FILE*")
  assert(type(mt.__index) == "table" and mt.__index.read == io.stdin.read)
  assert(type(mt.__gc) == "function" and type(mt.__close) == "function")
  assert(type(mt.__tostring) == "function")
  local f = assert(io.open(name))
  mt.__close(f)
  assert(io.type(f) == "closed file")
  mt.__gc(f)    -- closing twice is harmless for __gc/__close
end

-- a to-be-closed handle
do
  local keep
  do
    local f <close> = assert(io.open(name))
    keep = f
    assert(io.type(keep) == "file")
  end
  assert(io.type(keep) == "closed file")
end

-- tmpfile
do
  local f = assert(io.tmpfile())
  assert(io.type(f) == "file")
  f:write("temporary")
  f:seek("set")
  assert(f:read("a") == "temporary")
  f:close()
end

-- standard files cannot be closed
do
  local ok, msg = io.stderr:close()
  assert(ok == nil and msg == "cannot close standard file")
  assert(io.type(io.stderr) == "file")
  ok, msg = io.close(io.stdin)
  assert(ok == nil and msg == "cannot close standard file")
end

assert(os.remove(name))
print("OK io_files")
