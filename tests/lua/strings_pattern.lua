-- strings_pattern.lua: string.find, match, gmatch and gsub: the pattern
-- language (classes, sets, anchors, repetitions, %b, %f, captures,
-- back-references), plain find, init positions, replacement kinds and the
-- error messages of malformed patterns.

if not string then print("SKIP: needs the string library") return end

local function eq(a, b)
  assert(a == b, tostring(a) .. " ~= " .. tostring(b))
end

local function list(...)
  local t = {n = select("#", ...), ...}
  local s = ""
  for i = 1, t.n do s = s .. (i > 1 and "," or "") .. tostring(t[i]) end
  return s
end

local function err(msg, f, ...)
  local ok, e = pcall(f, ...)
  assert(not ok, "no error, expected " .. msg)
  assert(type(e) == "string" and e:sub(-#msg) == msg,
         "got '" .. tostring(e) .. "', expected '" .. msg .. "'")
end

-- find: plain and pattern, init
eq(list(string.find("hello world", "o w")), "5,7")
eq(list(string.find("hello", "l")), "3,3")
eq(list(string.find("hello", "l", -2)), "4,4")
eq(list(string.find("hello", "l", -100)), "3,3")
eq(list(string.find("hello", "xyz")), "nil")
eq(list(string.find("hello", "")), "1,0")
eq(list(string.find("hello", "", 6)), "6,5")
eq(list(string.find("hello", "", 7)), "nil")
eq(list(string.find("", "")), "1,0")
eq(list(string.find("a.b", ".", 1, true)), "2,2")
eq(list(string.find("a+b", "+", 1, true)), "2,2")
eq(list(string.find("a(b", "(", 1, true)), "2,2")
eq(list(string.find("a\0b\0c", "\0c")), "4,5")
eq(list(string.find("abc", "(b)(c)")), "2,3,b,c")
eq(list(string.find("abc", "()b")), "2,2,2")
eq(list(string.find("aaab", "a-b")), "1,4")
eq(list(string.find("x", "^x", 1)), "1,1")
eq(list(string.find("yx", "^x", 2)), "2,2")
eq(list(string.find("abc", "^b")), "nil")

-- match: classes
eq(string.match("  x", "%S"), "x")
eq(string.match("abc123", "%d+"), "123")
eq(string.match("abc123", "%D+"), "abc")
eq(string.match("hello World", "%u%l+"), "World")
eq(string.match("a,b", "%p"), ",")
eq(string.match("a\1b", "%c"), "\1")
eq(string.match(" ~", "%g"), "~")
eq(string.match("a_1", "%W"), "_")
eq(string.match("0x1Fg", "%x+", 3), "1F")
eq(string.match("tab\there", "%s"), "\t")
eq(string.match("a\0b", "%z"), "\0")
eq(string.match("\200\201a", "%a"), "a")          -- C locale
eq(string.match("\200\201a", "[\128-\255]+"), "\200\201")
eq(string.match("x.y", "%."), ".")
eq(string.match("100%", "%d+%%"), "100%")

-- sets
eq(string.match("[x]", "[%[%]]"), "[")
eq(string.match("a]c", "[]]"), "]")
eq(string.match("^a", "[^^]"), "a")
eq(string.match("a-b", "[a%-]+"), "a-")
eq(string.match("az-", "[a-]+"), "a")
eq(string.match("az-", "[-a]+"), "a")
eq(string.match("hello world", "[^%s]+"), "hello")
eq(string.match("x9_Z", "[%w_]+"), "x9_Z")
eq(string.match("abcdef", "[b-d]+"), "bcd")
eq(string.match("ABC", "[%l]"), nil)
eq(string.match("ABC", "[%L]+"), "ABC")

-- anchors and repetitions
eq(string.match("abc", "c$"), "c")
eq(string.match("a$c", "$c"), "$c")
eq(string.match("a$", "a$$"), "a$")
eq(string.match("abc", "^(a)"), "a")
eq(string.match("aaa", "a-a"), "a")
eq(string.match("aaa", "a*"), "aaa")
eq(string.match("aaa", "a+"), "aaa")
eq(string.match("", "a*"), "")
eq(string.match("b", "a?b"), "b")
eq(string.match("ab", "a?b"), "ab")
eq(string.match("x", ".-"), "")
eq(string.match("<a><b>", "<(.-)>"), "a")
eq(string.match("<a><b>", "<(.*)>"), "a><b")
eq(string.match("abc", "a(b)?c"), nil)    -- '?' applies to ')', no group

-- %b and %f
eq(string.match("f(a(b)c)d", "%b()"), "(a(b)c)")
eq(string.match("f(a(b c)d", "%b()"), "(b c)")
eq(string.match("[[x]]", "%b[]"), "[[x]]")
eq(string.match("THE (quick) fox", "%f[%a]%a+", 5), "quick")
eq(string.match(" a", "%f[%w]"), "")
eq(string.match("THE", "%f[%l]"), nil)
eq(list(string.find("the cat", "%f[%w]%w+$")), "5,7")
do
  local words = ""
  for w in string.gmatch("THE (quick) fox", "%f[%a]%a+%f[%A]") do
    words = words .. w .. "|"
  end
  eq(words, "THE|quick|fox|")
end

-- captures and back-references
eq(list(string.match("key = value", "(%w+)%s*=%s*(%w+)")), "key,value")
eq(list(string.match("hello", "()ll()")), "3,5")
eq(list(string.match("abc", "((a)(b)(c))")), "abc,a,b,c")
eq(string.match("x", "()"), 1)
eq(string.match("abcabc", "(abc)%1"), "abc")
eq(string.match('say "hi" now', "([\"'])(.-)%1"), '"')
eq(list(string.match('say "hi" now', "([\"'])(.-)%1")), '",hi')
eq(string.match("aXa bYc", "(%a)%u%1"), "a")
do
  local pat = string.rep("(a)", 32)
  eq(select("#", string.match(string.rep("a", 32), pat)), 32)
end

-- gmatch
do
  local r = ""
  for k, v in string.gmatch("k1=v1, k2=v2", "(%w+)=(%w+)") do
    r = r .. k .. ":" .. v .. ";"
  end
  eq(r, "k1:v1;k2:v2;")
  r = ""
  for w in string.gmatch("one two three", "%a+", 5) do r = r .. w .. "|" end
  eq(r, "two|three|")
  r = ""
  for w in string.gmatch("abc", "") do r = r .. "[" .. w .. "]" end
  eq(r, "[][][][]")
  r = ""
  for p, c in string.gmatch("abc", "()(.)") do r = r .. p .. c end
  eq(r, "1a2b3c")
  r = ""
  for w in string.gmatch("hello", ".", -2) do r = r .. w end
  eq(r, "lo")
  r = ""
  for w in string.gmatch("hello", ".", 100) do r = r .. w end
  eq(r, "")
  r = ""
  for w in string.gmatch("abc", "%a*") do r = r .. "<" .. w .. ">" end
  eq(r, "<abc>")
  -- an anchor is an ordinary character for gmatch
  r = 0
  for _ in string.gmatch("^a^a", "^a") do r = r + 1 end
  eq(r, 2)
  local it = string.gmatch("ab", ".")
  eq(it(), "a"); eq(it(), "b"); eq(it(), nil); eq(it(), nil)
end

-- gsub: string replacements
eq(list(string.gsub("hello world", "o", "0")), "hell0 w0rld,2")
eq(list(string.gsub("hello", "", "-")), "-h-e-l-l-o-,6")
eq(list(string.gsub("abc", "%w", "%0%0")), "aabbcc,3")
eq(list(string.gsub("abc", "(%w)", "%1-")), "a-b-c-,3")
eq(list(string.gsub("abc", "%w", "%1")), "abc,3")   -- %1 = whole match
eq(list(string.gsub("abc", "%w", "%%")), "%%%,3")
eq(list(string.gsub("abc", "()", "%1")), "1a2b3c4,4")
eq(list(string.gsub("abc", "(b)(c)", "%2%1")), "acb,1")
eq(list(string.gsub("abc", "b", 12)), "a12c,1")
eq(list(string.gsub("abc", "b", 1.5)), "a1.5c,1")
eq(list(string.gsub("abc", "%w", "x", 2)), "xxc,2")
eq(list(string.gsub("abc", "%w", "x", 0)), "abc,0")
eq(list(string.gsub("abc", "%w", "x", -1)), "abc,0")
eq(list(string.gsub("abc", "^a", "x")), "xbc,1")
eq(list(string.gsub("aaa", "^a", "x")), "xaa,1")
eq(list(string.gsub("abc", "", "x", 2)), "xaxbc,2")
eq(list(string.gsub("abc d", "%w*", "x")), "x x,2")
eq(list(string.gsub("hello world", "(o)", "[%1]", 1)), "hell[o] world,1")
eq(list(string.gsub("a\0b", "%z", "0")), "a0b,1")

-- gsub: table and function replacements
eq(list(string.gsub("$a $b $c", "%$(%w)", {a = "1", b = 2})), "1 2 $c,3")
eq(list(string.gsub("abc", "b", {b = false})), "abc,1")
eq(list(string.gsub("abc", "%w", function(c)
  if c ~= "b" then return c:upper() end
end)), "AbC,3")
eq(list(string.gsub("a=1, b=2", "(%w+)=(%w+)", function(k, v)
  return v .. "=" .. k
end)), "1=a, 2=b,2")
eq(list(string.gsub("abc", "()", function(p) return p end)), "1a2b3c4,4")
eq(list(string.gsub("x", "x", function() return 10 end)), "10,1")
do  -- the subject comes back unchanged (same string) when nothing changed
  local s = "unchanged"
  local r, n = string.gsub(s, "z", "y")
  eq(r, s); eq(n, 0)
end

-- gsub errors
err("invalid replacement value (a table)", string.gsub, "abc", "b", {b = {}})
err("invalid replacement value (a table)", string.gsub, "abc", "b",
    function() return {} end)
err("invalid replacement value (a boolean)", string.gsub, "abc", "b",
    function() return true end)
err("invalid use of '%' in replacement string", string.gsub, "abc", "%w", "%")
err("invalid use of '%' in replacement string", string.gsub, "abc", "%w", "%x")
err("invalid capture index %2", string.gsub, "abc", "%w", "%2")
err("invalid capture index %2", string.gsub, "abc", "(%w)", "%2")
err("bad argument #3 to 'string.gsub' (string/function/table expected, got no value)",
    string.gsub, "abc", "b")
err("(string/function/table expected, got boolean)",
    string.gsub, "abc", "b", true)

-- malformed patterns
err("malformed pattern (missing ']')", string.find, "abc", "[a")
err("malformed pattern (missing ']')", string.find, "abc", "[a-")
err("malformed pattern (missing ']')", string.find, "abc", "[]")
err("malformed pattern (missing ']')", string.find, "abc", "[%")
err("malformed pattern (ends with '%')", string.find, "abc", "%")
err("malformed pattern (ends with '%')", string.match, "abc", "a%")
err("malformed pattern (missing arguments to '%b')", string.find, "abc", "%b")
err("malformed pattern (missing arguments to '%b')", string.find, "abc", "%ba")
err("missing '[' after '%f' in pattern", string.find, "abc", "%f")
err("missing '[' after '%f' in pattern", string.find, "abc", "%fa")
err("invalid capture index %1", string.find, "abc", "%1")
err("invalid capture index %2", string.find, "abc", "(a)%2")
err("invalid capture index %1", string.find, "abc", "(a%1)")
err("invalid capture index %0", string.find, "abc", "%0")
err("invalid pattern capture", string.match, "abc", "a)")
eq(string.find("a)", "a)"), 1)   -- no magic character: a plain search
err("unfinished capture", string.find, "abc", "(a")
err("too many captures", string.match, string.rep("a", 40),
    string.rep("(a)", 33))
err("pattern too complex", string.match, string.rep("a", 300),
    string.rep("a?", 300) .. string.rep("a", 300))
eq(string.match(string.rep("a", 2000), ".-b"), nil)   -- long, not deep

-- a yielding replacement function is not possible across gsub
do
  local co = coroutine.wrap(function()
    return pcall(string.gsub, "a", "a", coroutine.yield)
  end)
  local ok, e = co()
  eq(ok, false)
  assert(e:find("attempt to yield across a C%-call boundary"), e)
end

print("OK strings_pattern")
