-- os_time.lua: os.time, os.date (every C99 conversion, "*t", "!"),
-- os.difftime, os.clock.  Results that depend on the time zone are only
-- compared with each other; fixed strings use UTC ("!").

local function perr(msg, f, ...)
  local ok, e = pcall(f, ...)
  assert(not ok and e == msg, e)
end

assert(os.setlocale("C") == "C")

-- os.time() and os.clock()
do
  local t = os.time()
  assert(tostring(t) == tostring(t // 1))   -- an integer
  assert(t > 1000000000)
  local c = os.clock()
  assert(type(c) == "number" and c >= 0)
end

-- "!*t" and "*t"
do
  local t = os.date("!*t", 0)
  assert(t.year == 1970 and t.month == 1 and t.day == 1 and t.hour == 0
         and t.min == 0 and t.sec == 0 and t.yday == 1 and t.wday == 5
         and t.isdst == false)
  t = os.date("!*t", 951782400)   -- 2000-02-29 00:00:00 UTC
  assert(t.year == 2000 and t.month == 2 and t.day == 29 and t.yday == 60
         and t.wday == 3)
  local now = os.time()
  local l = os.date("*t", now)
  assert(os.time(l) == now)
  assert(type(l.isdst) == "boolean")
end

-- every conversion of the C99 list, in the C locale, at the epoch
do
  local expect = {
    a = "Thu", A = "Thursday", b = "Jan", B = "January",
    c = "Thu Jan  1 00:00:00 1970", C = "19", d = "01", D = "01/01/70",
    e = " 1", F = "1970-01-01", g = "70", G = "1970", h = "Jan", H = "00",
    I = "12", j = "001", m = "01", M = "00", n = "\n", p = "AM",
    r = "12:00:00 AM", R = "00:00", S = "00", t = "\t", T = "00:00:00",
    u = "4", U = "00", V = "01", w = "4", W = "00", x = "01/01/70",
    X = "00:00:00", y = "70", Y = "1970", z = "+0000", ["%"] = "%",
    Ec = "Thu Jan  1 00:00:00 1970", EC = "19", Ex = "01/01/70",
    EX = "00:00:00", Ey = "70", EY = "1970",
    Od = "01", Oe = " 1", OH = "00", OI = "12", Om = "01", OM = "00",
    OS = "00", Ou = "4", OU = "00", OV = "01", Ow = "4", OW = "00",
    Oy = "70",
  }
  for conv, res in pairs(expect) do
    local got = os.date("!%" .. conv, 0)
    assert(got == res, conv)
  end
  assert(type(os.date("!%Z", 0)) == "string")
  assert(os.date("!%Y-%m-%d %H:%M:%S", 86400 * 365) == "1971-01-01 00:00:00")
  assert(os.date("!x%%y%%", 0) == "x%y%")
  assert(os.date("!", 0) == "")
  assert(os.date("!a\0b", 0) == "a\0b")   -- not a conversion: copied
  assert(type(os.date()) == "string")      -- "%c" of now
end

-- invalid conversions: the message shows the rest of the format
do
  local function bad(fmt, shown)
    perr("bad argument #1 to 'os.date' (invalid conversion specifier '"
         .. shown .. "')", os.date, fmt, 0)
  end
  bad("%Ez", "%Ez")
  bad("!%Ez and more", "%Ez and more")
  bad("%Q", "%Q")
  bad("%5d", "%5d")
  bad("%Oa", "%Oa")
  bad("%E", "%E")
  bad("abc%", "%")
  bad("%Y%", "%")
  bad("%#c", "%#c")
end

perr("bad argument #2 to 'os.date' (number has no integer representation)",
     os.date, "%Y", 1.5)
perr("bad argument #1 to 'os.date' (string expected, got table)",
     os.date, {})
perr("date result cannot be represented in this installation",
     os.date, "!%Y", 1 << 60)

-- os.time with a table: defaults, normalisation, errors
do
  local t = os.time{year = 2000, month = 1, day = 1}
  local d = os.date("*t", t)
  assert(d.year == 2000 and d.month == 1 and d.day == 1 and d.hour == 12
         and d.min == 0 and d.sec == 0)
  assert(os.time{year = 2000, month = 1, day = 2} - t == 86400)
  -- normalised fields are written back into the table
  local tab = {year = 2000, month = 1, day = 32, hour = 0, min = 90}
  os.time(tab)
  assert(tab.month == 2 and tab.day == 1 and tab.hour == 1 and tab.min == 30
         and tab.yday == 32 and tab.wday == 3)
  tab = {year = 2001, month = 0, day = 1}
  os.time(tab)
  assert(tab.year == 2000 and tab.month == 12)
  -- strings convertible to integers are accepted
  assert(os.time{year = "2000", month = "1", day = 1.0} == t)
end

perr("field 'year' missing in date table", os.time, {})
perr("field 'day' missing in date table", os.time, {year = 2000, month = 1})
perr("field 'month' is not an integer", os.time,
     {year = 2000, month = 1.5, day = 1})
perr("field 'day' is not an integer", os.time,
     {year = 2000, month = 1, day = "x"})
perr("field 'year' is out-of-bound", os.time,
     {year = 1 << 40, month = 1, day = 1})
perr("field 'hour' is out-of-bound", os.time,
     {year = 2000, month = 1, day = 1, hour = -(1 << 40)})
perr("bad argument #1 to 'os.time' (table expected, got number)", os.time, 1)

-- os.difftime
assert(os.difftime(10, 4) == 6.0 and tostring(os.difftime(10, 4)) == "6.0")
assert(os.difftime(0, 3) == -3.0)
perr("bad argument #2 to 'os.difftime' (number expected, got no value)",
     os.difftime, 1)
perr("bad argument #1 to 'os.difftime' (number has no integer representation)",
     os.difftime, 1.5, 1)

print("OK os_time")
