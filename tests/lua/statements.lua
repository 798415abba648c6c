-- statements.lua: statement syntax: empty statements and semicolons,
-- `return` only as the last statement (and `do return end`), every form of
-- function definition (a.b.c, a.b:m, local function), if/elseif chains,
-- nested loops with break, and related syntax errors.

local function cerr(src, msg)
  local f, e = load(src, "=c")
  assert(f == nil and e == "c:1: " .. msg, e)
end
local function run(src, env)
  local f
  if env then f = assert(load(src, "=c", "t", env)) else f = assert(load(src, "=c")) end
  return f()
end

-- empty statements
;;;
do ; end
local x = 1; ; local y = 2;
assert(x + y == 3)
assert(run(";;; return 1;") == 1)
assert(run("return;") == nil)
assert(select("#", run("return")) == 0)

-- return must be the last statement of a block
cerr("return 1 x = 1", "<eof> expected near 'x'")
cerr("return 1; x = 1", "<eof> expected near 'x'")
cerr("return return", "unexpected symbol near 'return'")
cerr("return 1;;", "<eof> expected near ';'")
assert(run("do return 5 end x = 1") == 5)
do
  local function early(n)
    if n > 0 then return "pos" end
    do return "non-pos" end
  end
  assert(early(1) == "pos" and early(-1) == "non-pos")
end

-- function definition forms
do
  local env = {}
  run([[
    a = {b = {c = {}}}
    function f() return "f" end
    function a.g() return "a.g" end
    function a.b.c.h() return "a.b.c.h" end
    function a.b:m(x) return self == a.b and x end
    local function lf() return "lf" end
    loc = lf()
  ]], env)
  assert(env.f() == "f" and env.a.g() == "a.g" and env.a.b.c.h() == "a.b.c.h")
  assert(env.a.b:m(7) == 7 and env.loc == "lf")
  cerr("function x:y:z() end", "'(' expected near ':'")
  cerr("local function a.b() end", "'(' expected near '.'")
  cerr("function (a) end", "<name> expected near '('")
  cerr("function f(a,) end", "<name> or '...' expected near ')'")
  cerr("function f(1) end", "<name> or '...' expected near '1'")
  cerr("function f() ", "'end' expected near <eof>")
  cerr("local t = {} function t.a.b.c:() end", "<name> expected near '('")
end

-- if / elseif / else
do
  local function classify(n)
    if n < 0 then return "neg"
    elseif n == 0 then return "zero"
    elseif n < 10 then return "small"
    else return "big" end
  end
  assert(classify(-5) == "neg" and classify(0) == "zero" and classify(5) == "small")
  assert(classify(50) == "big")
  local r
  if nil then r = 1 elseif false then r = 2 end
  assert(r == nil)
  cerr("if x then", "'end' expected near <eof>")
  cerr("if x then else elseif", "'end' expected near 'elseif'")
  cerr("if x end", "'then' expected near 'end'")
  cerr("while true end", "'do' expected near 'end'")
  cerr("repeat x = 1", "'until' expected near <eof>")
  cerr("for i do end", "'=' or 'in' expected near 'do'")
  cerr("for i = 1 do end", "',' expected near 'do'")
  cerr("for a.b = 1, 2 do end", "'=' or 'in' expected near '.'")
end

-- multi-line 'end' expected messages name the opening line
do
  local f, e = load("if x then\n\n\nx = 1\n", "=c")
  assert(e == "c:5: 'end' expected (to close 'if' at line 1) near <eof>", e)
  f, e = load("while x do\nlocal t = {\n}\n", "=c")
  assert(e == "c:4: 'end' expected (to close 'while' at line 1) near <eof>", e)
  f, e = load("local t = {\n1,\n2\n", "=c")
  assert(e == "c:4: '}' expected (to close '{' at line 1) near <eof>", e)
  f, e = load("f(\n1,\n2\n", "=c")
  assert(e == "c:4: ')' expected (to close '(' at line 1) near <eof>", e)
  f, e = load("repeat\n\nx = 1", "=c")
  assert(e == "c:3: 'until' expected (to close 'repeat' at line 1) near <eof>", e)
  f, e = load("function f()\n\n", "=c")
  assert(e == "c:3: 'end' expected (to close 'function' at line 1) near <eof>", e)
end

-- break in nested loops only leaves the innermost one
do
  local log = ""
  for i = 1, 3 do
    for j = 1, 3 do
      if j == 2 then break end
      log = log .. i .. j .. " "
    end
  end
  assert(log == "11 21 31 ")
  local n = 0
  while true do
    repeat n = n + 1; if n % 5 == 0 then break end until false
    if n >= 15 then break end
  end
  assert(n == 15)
end

-- a statement that is only an expression is an error
cerr("x", "syntax error near <eof>")
cerr("1 + 1", "unexpected symbol near '1'")
cerr("x.y", "syntax error near <eof>")
cerr("(f)", "syntax error near <eof>")
-- calls are statements, including with parentheses and method calls
do
  local env = {called = 0}
  run("function f() called = called + 1; return f end (f)() f()() local t = {m = f} t:m()", env)
  assert(env.called == 4)
end

print("OK statements")
