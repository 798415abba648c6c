-- io_popen.lua: io.popen in both directions; closing a pipe returns the
-- command's status as os.execute does.  Needs a POSIX shell.

local function perr(msg, f, ...)
  local ok, e = pcall(f, ...)
  assert(not ok and e == msg, e)
end

if not os.execute() then print("SKIP: needs a shell") return end

-- reading
do
  local p = assert(io.popen("echo hello; echo world"))
  assert(io.type(p) == "file")
  assert(p:read() == "hello")
  assert(p:read("a") == "world\n")
  local ok, what, code = p:close()
  assert(ok == true and what == "exit" and code == 0)
  assert(io.type(p) == "closed file")
end

-- the default mode is "r"; lines work on pipes
do
  local n = 0
  for l in io.popen("echo 1; echo 2; echo 3", "r"):lines("n") do n = n + l end
  assert(n == 6)
end

-- exit status and signals
do
  local p = assert(io.popen("exit 5"))
  assert(p:read("a") == "")
  local ok, what, code = p:close()
  assert(ok == nil and what == "exit" and code == 5)
  p = assert(io.popen("kill -9 $$"))
  ok, what, code = p:close()
  assert(ok == nil and what == "signal" and code == 9)
end

-- writing
do
  local name = os.tmpname()
  local p = assert(io.popen("cat > " .. name, "w"))
  assert(p:write("to the pipe ", 42, "\n") == p)
  assert(p:close() == true)
  local f = assert(io.open(name))
  assert(f:read("a") == "to the pipe 42\n")
  f:close()
  assert(os.remove(name))
end

-- through a to-be-closed variable
do
  local keep
  do
    local p <close> = assert(io.popen("echo x"))
    keep = p
  end
  assert(io.type(keep) == "closed file")
end

perr("bad argument #2 to 'io.popen' (invalid mode)", io.popen, "ls", "rw")
perr("bad argument #2 to 'io.popen' (invalid mode)", io.popen, "ls", "r+")
perr("bad argument #2 to 'io.popen' (invalid mode)", io.popen, "ls", "")
perr("bad argument #1 to 'io.popen' (string expected, got no value)",
     io.popen)

print("OK io_popen")
