-- io_default.lua: the default input and output files (io.input, io.output,
-- io.read, io.write, io.close, io.flush), the line iterators (io.lines,
-- file:lines) and write errors.  Works on os.tmpname() files.

local function perr(msg, f, ...)
  local ok, e = pcall(f, ...)
  assert(not ok and e == msg, e)
end

local name = os.tmpname()
local other = os.tmpname()

assert(io.input() == io.stdin and io.output() == io.stdout)
assert(io.input(io.stdin) == io.stdin)
assert(io.output(io.stdout) == io.stdout)
perr("bad argument #1 to 'io.input' (FILE* expected, got table)",
     io.input, {})
perr("cannot open file '" .. name .. ".missing' (No such file or directory)",
     io.input, name .. ".missing")
assert(io.input() == io.stdin)   -- unchanged after the failure

-- io.output with a file name, then io.write and io.close
do
  local f = io.output(name)
  assert(io.type(f) == "file" and f ~= io.stdout and io.output() == f)
  assert(io.write("first\n", 2, "\n", 2.0, "\n") == f)
  assert(io.flush() == true)
  assert(io.close() == true)     -- closes the default output
  assert(io.type(f) == "closed file")
  perr("default output file is closed", io.write, "x")
  perr("default output file is closed", io.flush)
  perr("attempt to use a closed file", io.close)
  io.output(io.stdout)
end

-- io.input with a file name, then io.read
do
  local f = io.input(name)
  assert(io.input() == f)
  assert(io.read() == "first")
  assert(io.read("n") == 2)
  local a, b = io.read("n", "l")
  assert(tostring(a) == "2.0" and b == "")
  assert(io.read() == nil)
  perr("bad argument #1 to 'io.read' (invalid format)", io.read, "z")
  assert(io.close(f) == true)
  perr("default input file is closed", io.read)
  perr("attempt to use a closed file", io.lines)
  io.input(io.stdin)
end

-- the same with handles instead of names
do
  local f = assert(io.open(other, "w"))
  assert(io.output(f) == f)
  io.write("a\nb\nc")
  io.output(io.stdout)
  assert(f:close())
  f = assert(io.open(other))
  io.input(f)
  local t = {}
  for l in io.lines() do t[#t + 1] = l end   -- default input: not closed
  assert(#t == 3 and t[1] == "a" and t[3] == "c")
  assert(io.type(f) == "file")
  f:close()
  io.input(io.stdin)
end

-- io.lines(name) returns four values and owns its file
do
  local it, s, c, tbc = io.lines(name)
  assert(type(it) == "function" and s == nil and c == nil)
  assert(io.type(tbc) == "file")
  assert(it() == "first")
  tbc:close()
  perr("file is already closed", it)
  assert(select("#", io.lines(name, "l")) == 4)
end

-- at the end of the loop the file is closed
do
  local it, _, _, f = io.lines(name)
  local n = 0
  for l in it, nil, nil, f do n = n + 1 end
  assert(n == 3 and io.type(f) == "closed file")
end

-- leaving the loop early (break, error) closes it too
do
  local it, _, _, f = io.lines(name)
  for l in it, nil, nil, f do break end
  assert(io.type(f) == "closed file")
  it, _, _, f = io.lines(name)
  local ok, e = pcall(function ()
    for l in it, nil, nil, f do error("stop") end
  end)
  assert(not ok and io.type(f) == "closed file")
end

-- formats in the iterators
do
  local f = assert(io.open(other, "w"))
  f:write("1 2\n3 4\n5 6\n")
  f:close()
  local sum = 0
  for a, b in io.lines(other, "n", "n") do sum = sum + a * b end
  assert(sum == 2 + 12 + 30)
  local got = {}
  for l in io.lines(other, "L") do got[#got + 1] = l end
  assert(got[1] == "1 2\n" and got[3] == "5 6\n" and #got == 3)
  got = {}
  for c in io.lines(other, 2) do got[#got + 1] = c end
  assert(#got == 6 and got[1] == "1 " and got[2] == "2\n")
  -- the format is checked at the first read, where the iterator is called
  perr("loop:1: bad argument #2 to 'for iterator' (invalid format)",
       load("for l in io.lines(..., 'x') do end", "=loop"), other)
  perr("cannot open file '" .. name .. ".missing' (No such file or directory)",
       io.lines, name .. ".missing")
  perr("bad argument #1 to 'io.lines' (string expected, got table)",
       io.lines, {})
end

-- file:lines does not close the file
do
  local f = assert(io.open(other))
  local n = 0
  for l in f:lines() do n = n + 1 end
  assert(n == 3 and io.type(f) == "file")
  assert(f:read("a") == "")
  f:seek("set")
  for a in f:lines("n") do n = n + a end
  assert(n == 3 + 21)
  f:close()
end

-- too many formats
do
  local args = '"l"'
  for _ = 2, 251 do args = args .. ', "l"' end
  local call = assert(load("local f = ... return f:lines(" .. args .. ")",
                           "=call"))
  local f = assert(io.open(other))
  -- (252 less the method's self)
  perr("call:1: bad argument #251 to 'lines' (too many arguments)", call, f)
  f:close()
end

-- write errors: fail, message, errno, bytes written
do
  local f = assert(io.open(other, "r"))
  local r1, msg, code, count = f:write("abc", "def")
  assert(r1 == nil and msg == "Bad file descriptor" and code == 9
         and count == 0)
  assert(select("#", f:write("x")) == 4)
  f:close()
end

assert(os.remove(name))
assert(os.remove(other))
print("OK io_default")
