-- robust_nesting.lua: source that pushes the compiler's limits gets the
-- reference interpreter's error, never a crash: deep syntactic nesting
-- (parentheses, constructors, unary operators, right-associative '..' and
-- '^', blocks, functions, calls) -> "C stack overflow"; more than 200
-- locals, 255 upvalues or 255 registers -> "too many ..."; and what is
-- within the limits works: long flat chains, 100000-item constructors,
-- more than 2^16 constants, long names, strings and numbers, 200000 lines.
-- Each case loads with chunk name "=s" inside pcall (so no message handler
-- is active) and the state must keep working afterwards.  Uses only the
-- base library.

-- 's' n times, 'sep' between; by doubling, so building a 100000-piece
-- source costs O(n log n) and not O(n^2) (no string library here).
local function rep(s, n, sep)
  if n <= 0 then return "" end
  local r, p, k = "", sep and (sep .. s) or s, n - 1
  while k > 0 do
    if k % 2 == 1 then r = r .. p end
    p = p .. p
    k = k // 2
  end
  return s .. r
end

-- Concatenate piece(i) for i = lo..hi with 'sep' between (divide and
-- conquer, for the same reason).
local function seqr(piece, lo, hi, sep)
  if lo == hi then return piece(lo) end
  local mid = (lo + hi) // 2
  return seqr(piece, lo, mid, sep) .. sep .. seqr(piece, mid + 1, hi, sep)
end
local function seq(piece, n, sep)
  return seqr(piece, 1, n, sep or "")
end

-- kind "ERR": load fails with message 'want'; kind "RUN": it loads and
-- running it gives tostring(first result) == want ("false <msg>" for a
-- run-time error; "table" for a table).
local function case(name, src, kind, want)
  local ok, f, e = pcall(load, src, "=s")
  assert(ok, name .. ": load raised " .. tostring(f))
  if kind == "ERR" then
    assert(f == nil, name .. ": expected a syntax error")
    assert(e == want, name .. ": got '" .. tostring(e) .. "'")
  else
    assert(f, name .. ": " .. tostring(e))
    local r = {pcall(f)}
    local got
    if not r[1] then got = "false " .. tostring(r[2])
    elseif want == "table" then got = type(r[2])
    else got = tostring(r[2]) end
    assert(got == want, name .. ": got '" .. got .. "'")
  end
  -- the state keeps working
  assert(load("local t = {} for i = 1, 10 do t[i] = i end return #t")() == 10)
end

-- -- Syntactic nesting: "C stack overflow" past about 200 levels ---------------

case("parens190", "return " .. rep("(", 190) .. "1" .. rep(")", 190), "RUN", "1")
for _, n in ipairs{197, 198, 199, 200, 201, 250, 1000, 100000} do
  case("parens" .. n, "return " .. rep("(", n) .. "1" .. rep(")", n),
       "ERR", "C stack overflow")
end
case("tables300", "return " .. rep("{", 300) .. rep("}", 300),
     "ERR", "C stack overflow")
case("tables150", "return " .. rep("{", 150) .. rep("}", 150),
     "RUN", "table")
-- ("- " with a space: "--" would start a comment)
case("unary300", "return " .. rep("- ", 300) .. "1",
     "ERR", "C stack overflow")
case("unaryx300", "local x = 1 return " .. rep("- ", 300) .. "x",
     "ERR", "C stack overflow")
case("unaryx150", "local x = 1 return " .. rep("- ", 150) .. "x",
     "RUN", "1")
case("not300", "return " .. rep("not ", 300) .. "1",
     "ERR", "C stack overflow")
case("bnot300", "return " .. rep("~", 300) .. "1",
     "ERR", "C stack overflow")
case("len300", "return " .. rep("#", 300) .. "'a'",
     "ERR", "C stack overflow")
case("pow300", "return 2" .. rep("^2", 300),
     "ERR", "C stack overflow")
case("concat300", "return 'a'" .. rep("..'a'", 300),
     "ERR", "C stack overflow")
case("concat150", "local x = 'ab' return x" .. rep("..x", 150),
     "RUN", "ab" .. rep("ab", 150))
case("concat198", "local x = 'ab' return x" .. rep("..x", 198),
     "ERR", "C stack overflow")

-- -- Long flat chains (left-associative: no nesting) ---------------------------

case("add10000", "return 1" .. rep("+1", 10000),
     "RUN", "10001")
case("addx10000", "local x = 1 return x" .. rep("+x", 10000),
     "RUN", "10001")
case("or5000", "local x return x" .. rep(" or x", 5000),
     "RUN", "nil")
case("and5000", "local x = 1 return x" .. rep(" and x", 5000),
     "RUN", "1")
case("cmp3000", "local x = 1 return (x" .. rep(" < x", 1) .. ")" .. rep(" == true", 3000),
     "RUN", "false")
case("funcs300", rep("local function f() ", 300) .. rep(" end", 300),
     "ERR", "C stack overflow")
case("funcs150", rep("local function f() ", 150) .. rep(" end", 150),
     "RUN", "nil")
case("anonfn300", "return " .. rep("function() return ", 300) .. "1" .. rep(" end", 300),
     "ERR", "C stack overflow")
case("dos300", rep("do ", 300) .. rep(" end", 300),
     "ERR", "C stack overflow")
case("ifs300", rep("if true then ", 300) .. rep(" end", 300),
     "ERR", "C stack overflow")
case("whiles300", rep("while true do ", 300) .. rep(" end", 300),
     "ERR", "C stack overflow")
case("repeat300", rep("repeat ", 300) .. rep(" until true", 300),
     "ERR", "C stack overflow")
case("fors300", rep("for i = 1, 1 do ", 300) .. rep(" end", 300),
     "ERR", "s:1: too many local variables (limit is 200) in main function near 'for'")
case("calls300", "return " .. rep("f(", 300) .. rep(")", 300),
     "ERR", "C stack overflow")
case("index300", "return a" .. rep("[a", 300) .. rep("]", 300),
     "ERR", "C stack overflow")
case("fields100000", "return a" .. rep(".b", 100000),
     "RUN", "false s:1: attempt to index a nil value (global 'a')")
case("methods10000", "return a" .. rep(":b()", 10000),
     "RUN", "false s:1: attempt to index a nil value (global 'a')")
case("calls10000", "return a" .. rep("()", 10000),
     "RUN", "false s:1: attempt to call a nil value (global 'a')")
case("elseif5000", "local x = 0 if x == 1 then" .. seq(function(i) return " elseif x == " .. i .. " then return " .. i end, 5000) .. " end return -1",
     "RUN", "-1")
case("assign300", rep("a, ", 300) .. "a = 1",
     "ERR", "C stack overflow")
case("assign300idx", rep("a.b, ", 300) .. "a.b = 1",
     "ERR", "C stack overflow")
-- locals, upvalues, registers

-- -- Locals, upvalues and registers ---------------------------------------------

case("locals200", "local a" .. rep(", a", 199) .. " return 1",
     "RUN", "1")
case("locals201", "local a" .. rep(", a", 200) .. " return 1",
     "ERR", "s:1: too many local variables (limit is 200) in main function near 'return'")
case("locals201sep", seq(function(i) return "local a" .. i .. " = " .. i end, 201, "\n") .. " return a1",
     "ERR", "s:201: too many local variables (limit is 200) in main function near 'return'")
case("locals201fn", "local function f(" .. seq(function(i) return "p" .. i end, 201, ",") .. ") end",
     "ERR", "s:1: too many local variables (limit is 200) in function at line 1 near ')'")
case("params200fn", "local function f(" .. seq(function(i) return "p" .. i end, 200, ",") .. ") return p200 end return f(" .. seq(function(i) return i end, 200, ",") .. ")",
     "RUN", "200")
case("forlocals", rep("for i = 1, 1 do ", 66) .. "local x" .. rep(" end", 66),
     "RUN", "nil")
case("upvalues255", seq(function(i) return "local a" .. i .. " = " .. i end, 150, "\n") .. "\nlocal function f()\n" .. seq(function(i) return "local b" .. i .. " = " .. i end, 105, "\n") .. "\nreturn function() return " .. seq(function(i) return "a" .. i end, 150, "+") .. "+" .. seq(function(i) return "b" .. i end, 105, "+") .. " end end return f()()",
     "RUN", "16890")
case("upvalues256", seq(function(i) return "local a" .. i .. " = " .. i end, 150, "\n") .. "\nlocal function f()\n" .. seq(function(i) return "local b" .. i .. " = " .. i end, 106, "\n") .. "\nreturn function() return " .. seq(function(i) return "a" .. i end, 150, "+") .. "+" .. seq(function(i) return "b" .. i end, 106, "+") .. " end end return f()()",
     "ERR", "s:258: too many upvalues (limit is 255) in function at line 258 near 'end'")
case("regs300call", "local function f(...) return select('#', ...) end return f(" .. seq(function(i) return i end, 300, ",") .. ")",
     "ERR", "s:1: too many registers (limit is 255) in main function near '255'")
case("regs254call", "local function f(...) return select('#', ...) end return f(" .. seq(function(i) return i end, 245, ",") .. ")",
     "RUN", "245")
case("regs300ret", "return " .. seq(function(i) return i end, 300, ","),
     "ERR", "s:1: too many registers (limit is 255) in main function near '257'")
case("regs300tbl", "return #{" .. seq(function(i) return i end, 300, ",") .. "}",
     "RUN", "300")
case("regs300assign", "local t = {} " .. seq(function(i) return "t[" .. i .. "]" end, 300, ",") .. " = " .. seq(function(i) return i end, 300, ",") .. " return #t",
     "ERR", "C stack overflow")
case("regsdeep", "local a" .. rep(", a", 199) .. " return f(" .. seq(function(i) return i end, 60, ",") .. ")",
     "ERR", "s:1: too many registers (limit is 255) in main function near '56'")
case("varargs300", "return select('#', " .. rep("...,", 299) .. "...)",
     "ERR", "s:1: too many registers (limit is 255) in main function near '...'")
-- huge constructors and constants

-- -- Huge constructors, many constants, long tokens, many lines ----------------

case("ctor100000", "local t = {" .. rep("1", 100000, ",") .. "} return #t",
     "RUN", "100000")
case("ctorfloat70000", "local t = {" .. seq(function(i) return (i - 1) .. ".5" end, 70000, ",") .. "} return t[70000]",
     "RUN", "69999.5")
case("ctorhash20000", "local t = {" .. seq(function(i) return "k" .. i .. "=" .. i end, 20000, ",") .. "} return t.k20000",
     "RUN", "20000")
case("ctormixed", "local t = {" .. seq(function(i) return i % 3 == 0 and ("['s" .. i .. "']=" .. i) or tostring(i) end, 30000, ",") .. "} return #t, t.s29999",
     "RUN", "20000")
case("consts70000", "local x, y = 0, 0\n" .. seq(function(i) return "x = y + " .. i .. ".25" end, 70000, "\n") .. " return x + 0.25",
     "RUN", "70000.5")
case("kbig", seq(function(i) return "_ = 'str" .. i .. "'" end, 300, "\n") .. "\n local t = {} t['str70'] = 1 " .. seq(function(i) return "t.f" .. i .. " = " .. i .. ".5" end, 400, "\n") .. " return t.f400 + t.str70",
     "RUN", "401.5")
case("longstr", "return #'" .. rep("x", 100000) .. "'",
     "RUN", "100000")
case("longname", "local " .. rep("n", 100000) .. " = 7 return " .. rep("n", 100000),
     "RUN", "7")
case("longnum", "return " .. rep("1", 400) .. ".5",
     "RUN", "inf")
case("longnumint", "return " .. rep("9", 30),
     "RUN", "1e+30")
case("manylines", rep("\n", 200000) .. "return 1",
     "RUN", "1")
case("manylineserr", rep("\n", 200000) .. "return +",
     "ERR", "s:200001: unexpected symbol near '+'")
case("manygotos", seq(function(i) return "goto l" .. i .. " ::l" .. i .. "::" end, 3000, "\n"),
     "RUN", "nil")
case("manystmts", "local x0 " .. seq(function(i) return "x0 = " .. i end, 100000, ";") .. " return x0",
     "RUN", "100000")

collectgarbage()
print("OK robust_nesting")
