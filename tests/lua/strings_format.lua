-- strings_format.lua: string.format: every conversion and flag, the
-- two-digit limits on width and precision with their errors, %s of any
-- value, and %q of every type (integers, hexadecimal floats, 1e9999,
-- -1e9999, (0/0), escaped strings).  Only deterministic results: %p is
-- checked for "(null)", lengths and equalities, never for an address.

if not string then print("SKIP: needs the string library") return end

local maxi = 0x7fffffffffffffff
local mini = 0x8000000000000000
local fmt = string.format

local function eq(a, b)
  assert(a == b, tostring(a) .. " ~= " .. tostring(b))
end

local function err(msg, f, ...)
  local ok, e = pcall(f, ...)
  assert(not ok, "no error, expected " .. msg)
  assert(type(e) == "string" and e:sub(-#msg) == msg,
         "got '" .. tostring(e) .. "', expected '" .. msg .. "'")
end

-- plain text and %%
eq(fmt(""), "")
eq(fmt("abc"), "abc")
eq(fmt("%%"), "%")
eq(fmt("x%%y%sz", "a"), "x%yaz")
eq(fmt("a\0b%s", "\0"), "a\0b\0")
eq(fmt(12), "12")

-- integers
eq(fmt("%d %i %u %o %x %X", 42, -42, 42, 8, 255, 255), "42 -42 42 10 ff FF")
eq(fmt("%+d|% d|%05d|%-5d|%5d", 1, 2, 3, 4, 5), "+1| 2|00003|4    |    5")
eq(fmt("%#o %#x %#X", 8, 255, 255), "010 0xff 0XFF")
eq(fmt("%.3d|%10.4d|%-8.3x|", 7, 7, 255), "007|      0007|0ff     |")
eq(fmt("%.d|%.0d", 0, 0), "|")
eq(fmt("%00d", 1), "1")
eq(fmt("%0-5d|", 1), "1    |")
eq(fmt("%d", 3.0), "3")
eq(fmt("%d", "10"), "10")
eq(fmt("%x", -1), "ffffffffffffffff")
eq(fmt("%d", maxi), "9223372036854775807")
eq(fmt("%d", mini), "-9223372036854775808")
eq(fmt("%u", -1), "18446744073709551615")
eq(fmt("%99d", 1):len(), 99)
err("bad argument #2 to 'string.format' (number has no integer representation)",
    fmt, "%d", 3.5)
err("bad argument #2 to 'string.format' (number expected, got string)",
    fmt, "%d", "x")

-- characters
eq(fmt("%c%c%c", 76, 117, 97), "Lua")
eq(fmt("%c", 0), "\0")
eq(fmt("%-5c|%5c", 65, 66), "A    |    B")

-- floats
eq(fmt("%e|%E", 12345.678, 12345.678), "1.234568e+04|1.234568E+04")
eq(fmt("%f|%.2f|%10.3f|%-10.1f|", 12345.678, 1.005, 3.14159, 2.5),
   "12345.678000|1.00|     3.142|2.5       |")
eq(fmt("%g|%G|%g|%g", 12345.678, 1e-10, 100000, 1e20), "12345.7|1E-10|100000|1e+20")
eq(fmt("%#.3g|%+e|% f", 1, 2, 3), "1.00|+2.000000e+00| 3.000000")
eq(fmt("%.0f|%.0f|%.0f", 0.5, 1.5, 2.5), "0|2|2")
eq(fmt("%5.1f|%05.1f|%-+7.2f|", -1.25, 1.25, 1.0), " -1.2|001.2|+1.00  |")
eq(fmt("%f|%f", 1/0, -1/0), "inf|-inf")
eq(fmt("%.3f", 2), "2.000")
eq(fmt("%.99f", 1/3):len(), 101)
eq(fmt("%099.99f", -1.7976931348623157e308):len(), 410)
eq(fmt("%.14g", 2^53), "9.007199254741e+15")
eq(fmt("%g", "1e3"), "1000")

-- hexadecimal floats
eq(fmt("%a|%A|%.1a|%20a|", 1.0, 0.5, 1/3, 2.0),
   "0x1p+0|0X1P-1|0x1.5p-2|              0x1p+1|")
eq(fmt("%a", 0.0), "0x0p+0")
eq(fmt("%.3a", 10), "0x1.400p+3")
eq(fmt("%-+#0 10.3A|", 10), "+0X1.400P+3|")

-- strings
eq(fmt("%s|%s|%s|%s", 1, 2.5, true, nil), "1|2.5|true|nil")
eq(fmt("%s", 1e100), "1e+100")
eq(fmt("%s", -0.0), "-0.0")
eq(fmt("%s", 2^63), "9.2233720368547758e+18")
eq(fmt("%5.2s|%-5s|%.0s|", "abc", "ab", "zz"), "   ab|ab   ||")
eq(fmt("%s", "a\0b"), "a\0b")
eq(#fmt("%s", string.rep("x", 300)), 300)
eq(#fmt("%5s", string.rep("x", 300)), 300)   -- too long to pad: kept whole
eq(fmt("%99s", "x"):len(), 99)
eq(fmt("%s", setmetatable({}, {__tostring = function() return "T!" end})),
   "T!")
eq(fmt("%-4s|", setmetatable({}, {__tostring = function() return "T" end})),
   "T   |")
eq(fmt("%s", setmetatable({}, {__name = "MyType"})):sub(1, 8), "MyType: ")
err("bad argument #2 to 'fmt' (string contains zeros)",
    function() return fmt("%5s", "a\0b") end)
err("'__tostring' must return a string", fmt, "%s",
    setmetatable({}, {__tostring = function() return {} end}))

-- pointers: "(null)" for values without identity
eq(fmt("%p", 4), "(null)")
eq(fmt("%p|%5p|%-7p|", true, nil, 1.5), "(null)|(null)|(null) |")
do
  local t = {}
  assert(fmt("%p", t) ~= "(null)")
  eq(fmt("%p", t), fmt("%p", t))
  assert(fmt("%p", t) ~= fmt("%p", {}))
  assert(fmt("%p", print) ~= "(null)")
  assert(fmt("%p", coroutine.running()) ~= "(null)")
  eq(#fmt("%90p", t), 90)
  eq(#fmt("%-60p", t), 60)
  eq(fmt("%p", string.rep("a", 10)), fmt("%p", string.rep("aa", 5)))
end

-- %q: integers, floats, strings, nil and booleans
eq(fmt("%q", 255), "255")
eq(fmt("%q", -7), "-7")
eq(fmt("%q", maxi), "9223372036854775807")
eq(fmt("%q", mini), "0x8000000000000000")
eq(fmt("%q", 1.0), "0x1p+0")
eq(fmt("%q", -0.0), "-0x0p+0")
eq(fmt("%q", 0.1), "0x1.999999999999ap-4")
eq(fmt("%q", 1e300), "0x1.7e43c8800759cp+996")
eq(fmt("%q", 2^-1074), "0x0.0000000000001p-1022")
eq(fmt("%q", 1/0), "1e9999")
eq(fmt("%q", -1/0), "-1e9999")
eq(fmt("%q", 0/0), "(0/0)")
eq(fmt("%q %q %q", true, false, nil), "true false nil")
eq(fmt("%q", "plain"), '"plain"')
eq(fmt("%q", 'a"b\\c\nd'), '"a\\"b\\\\c\\\nd"')
eq(fmt("%q", "\r\t\0\1\127"), '"\\13\\9\\0\\1\\127"')
eq(fmt("%q", "\0001\0a\0"), '"\\0001\\0a\\0"')   -- a digit follows: 3 digits
eq(fmt("%q", "\200\255"), '"\200\255"')          -- not control characters
do  -- every %q result reads back as the same value
  local values = {0, -1, maxi, mini, 1.5, -0.0, 1e308, 2^-1074, 1/0, -1/0,
                  "", "\0\1\2\0033\n\r\"\\", string.rep("\255x", 10), true}
  for _, v in ipairs(values) do
    local back = load("return " .. fmt("%q", v))()
    eq(back, v)
    eq(tostring(back), tostring(v))
  end
  local nan = load("return " .. fmt("%q", 0/0))()
  assert(nan ~= nan)
end
err("bad argument #2 to 'fmt' (value has no literal form)",
    function() return fmt("%q", {}) end)
err("bad argument #2 to 'fmt' (value has no literal form)",
    function() return fmt("%q", print) end)
err("specifier '%q' cannot have modifiers", fmt, "%5q", 1)
err("specifier '%q' cannot have modifiers", fmt, "%-q", "x")

-- invalid specifications
local function bad(spec, msg)
  err(msg or ("invalid conversion specification: '" .. spec .. "'"), fmt,
      spec, 1)
end
bad("%10.123d")
bad("%123d")
bad("%.123d")
bad("%0100d")
bad("%.100f")
bad("%100s")
bad("%.120s")
bad("%5.5.5d")
bad("%05s")
bad("%+u")
bad("%#i")
bad("%#c")
bad("%.10c")
bad("%+s")
bad("%#p")
bad("%3.1p")
bad("%0.34s")
bad("%-+ #0-+ #0-+ #0d")
bad("%F", "invalid conversion '%F' to 'format'")
bad("%y", "invalid conversion '%y' to 'format'")
bad("%", "invalid conversion '%' to 'format'")
bad("%lld", "invalid conversion '%l' to 'format'")
bad("%10.3h", "invalid conversion '%10.3h' to 'format'")
bad("%" .. string.rep("-", 30) .. "d", "invalid format (too long)")
err("bad argument #2 to 'string.format' (no value)", fmt, "%d")
err("bad argument #3 to 'string.format' (no value)", fmt, "%d %d", 1)
err("bad argument #1 to 'string.format' (string expected, got no value)", fmt)

print("OK strings_format")
