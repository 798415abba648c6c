/*
** test-dump.c: binary chunks: round trips, the listing, and hostile input
** (truncations, byte flips, forged instructions) that must be rejected
** with an error, never crash
** SPDX-License-Identifier: MIT
*/
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <glib.h>

#include "api.h"
#include "dump.h"
#include "harness.h"
#include "opcodes.h"
#include "state.h"

/* Header layout (dump.c, Lua 5.5.0's): signature, version, format,
** data, then size and value of an int, an instruction and an integer, and
** the float's size (all checked byte by byte), then the float check. */
#define HEADER_CHECKED  (4 + 1 + 1 + 6 + (1 + 4) + (1 + 4) + (1 + 8) + 1)
#define HEADER_SIZE     (HEADER_CHECKED + 8)

/* -- Harness ------------------------------------------------------------- */

static int
bytes_writer (ElaraState *L, const void *p, size_t sz, void *ud)
{
  (void) L;
  if (p != NULL)
    g_byte_array_append (ud, p, (guint) sz);
  return 0;
}

/* Load a chunk; returns the status, function or message on the top. */
static int
load_bytes (ElaraState *L, const void *p, size_t n, size_t piece)
{
  return harness_load (L, p, n, piece, "=chunk", NULL);
}

static void
load_source (ElaraState *L, const char *src)
{
  int status = load_bytes (L, src, strlen (src), 0);

  if (status != ELARA_OK)
    g_error ("cannot compile: %s", el_api_tolstring (L, -1, NULL));
}

static GByteArray *
dump_top (ElaraState *L, int strip)
{
  GByteArray *b = g_byte_array_new ();

  g_assert_cmpint (el_api_dump (L, bytes_writer, b, strip), ==, 0);
  return b;
}

/* A chunk using most of the instruction set and every constant kind. */
static const char *const sample_src =
  "local a, b = 1, 2.5\n"
  "local s = 'short' .. \"string\"\n"
  "local long = [[" "0123456789012345678901234567890123456789"
  "0123456789012345678901234567890123456789]]\n"
  "local t = { 1, 2, 3, x = 1, ['y z'] = false, nil, true }\n"
  "local function f (x, ...)\n"
  "  local n = select('#', ...)\n"
  "  for i = 1, n do x = x + i end\n"
  "  for k, v in next, t do x = x + 1 end\n"
  "  while x > 100 do x = x // 2 end\n"
  "  repeat x = x - 1 until x < 50\n"
  "  if x == 3 then goto done end\n"
  "  x = x * 2 ^ 1 % 7 | 1 & 3 ~ 5 << 1 >> 1\n"
  "  ::done::\n"
  "  return x, ...\n"
  "end\n"
  "local function g () return function () return a + b, s, long end end\n"
  "t.z = g()()\n"
  "local c <const> = 42\n"
  "return f(a, b, c), #t, -a, not b, ~a, s:len(), t.x, t[1], t[a]\n";

/* -- Round trips --------------------------------------------------------- */

/* Dump, load, dump again: the two chunks are identical. */
static void
test_roundtrip_identical (void)
{
  ElaraState *L = harness_newstate (0x5eed);
  GByteArray *d1, *d2;
  int strip;

  for (strip = 0; strip <= 1; strip++) {
    load_source (L, sample_src);
    d1 = dump_top (L, strip);
    g_assert_cmpint (load_bytes (L, d1->data, d1->len, 0), ==, ELARA_OK);
    d2 = dump_top (L, strip);
    g_assert_cmpmem (d1->data, d1->len, d2->data, d2->len);
    g_byte_array_unref (d1);
    g_byte_array_unref (d2);
    el_api_settop (L, 0);
  }
  el_state_close (L);
}

/* The reloaded function computes the same results. */
static void
test_roundtrip_run (void)
{
  static const char *const src =
    "local x = 10\n"
    "local function add (y) return x + y end\n"
    "local t = {}\n"
    "for i = 1, 100 do t[i] = add (i) end\n"
    "return t[1], t[100], 'str' .. 'ing', 2^10, 7 // 2, #t\n";
  ElaraState *L = harness_newstate (0x5eed);
  GByteArray *d;

  load_source (L, src);
  d = dump_top (L, 0);
  el_api_settop (L, 0);
  /* also read through a reader that hands out one byte at a time */
  g_assert_cmpint (load_bytes (L, d->data, d->len, 1), ==, ELARA_OK);
  g_assert_cmpint (el_api_pcallk (L, 0, 6, 0, 0, NULL), ==, ELARA_OK);
  g_assert_cmpint (el_api_tointegerx (L, 1, NULL), ==, 11);
  g_assert_cmpint (el_api_tointegerx (L, 2, NULL), ==, 110);
  g_assert_cmpstr (el_api_tolstring (L, 3, NULL), ==, "string");
  g_assert_cmpfloat (el_api_tonumberx (L, 4, NULL), ==, 1024.0);
  g_assert_cmpint (el_api_tointegerx (L, 5, NULL), ==, 3);
  g_assert_cmpint (el_api_tointegerx (L, 6, NULL), ==, 100);
  g_byte_array_unref (d);
  el_state_close (L);
}

/* Every file of the official test suite (ELARA_LUA_TESTES) survives a
** dump/load/dump cycle unchanged: the verifier accepts what the compiler
** produces. */
static void
test_roundtrip_testes (void)
{
  const char *dir = g_getenv ("ELARA_LUA_TESTES");
  GDir *d;
  const char *fname;
  int nfiles = 0;

  if (dir == NULL) {
    g_test_skip ("ELARA_LUA_TESTES not set");
    return;
  }
  d = g_dir_open (dir, 0, NULL);
  if (d == NULL) {
    g_test_skip ("cannot open ELARA_LUA_TESTES");
    return;
  }
  while ((fname = g_dir_read_name (d)) != NULL) {
    char *path, *src;
    gsize len;
    ElaraState *L;
    int strip;

    if (!g_str_has_suffix (fname, ".lua"))
      continue;
    path = g_build_filename (dir, fname, NULL);
    if (!g_file_get_contents (path, &src, &len, NULL)) {
      g_free (path);
      continue;
    }
    L = harness_newstate (0x5eed);
    for (strip = 0; strip <= 1; strip++) {
      GByteArray *d1, *d2;
      /* skip a first '#' line as the launcher does */
      const char *p = src;

      if (*p == '#')
        p += strcspn (p, "\n");
      if (load_bytes (L, p, len - (gsize) (p - src), 0) != ELARA_OK) {
        g_test_message ("%s does not compile: %s", fname,
                        el_api_tolstring (L, -1, NULL));
        break;
      }
      d1 = dump_top (L, strip);
      if (load_bytes (L, d1->data, d1->len, 0) != ELARA_OK)
        g_error ("%s (strip %d): %s", fname, strip,
                 el_api_tolstring (L, -1, NULL));
      d2 = dump_top (L, strip);
      g_assert_cmpmem (d1->data, d1->len, d2->data, d2->len);
      g_byte_array_unref (d1);
      g_byte_array_unref (d2);
      el_api_settop (L, 0);
      nfiles++;
    }
    el_state_close (L);
    g_free (src);
    g_free (path);
  }
  g_dir_close (d);
  g_assert_cmpint (nfiles, >, 0);
}

/* A string used by several functions is written once. */
static void
test_string_dedup (void)
{
  static const char *const src =
    "local s <const> = '|XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX|'\n"
    "return { function () return s end, function () return s end,\n"
    "         function () return s end }\n";
  ElaraState *L = harness_newstate (0x5eed);
  GByteArray *d;
  const char *needle = "|XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX|";
  size_t nl = strlen (needle);
  guint i;
  int count = 0;

  load_source (L, src);
  d = dump_top (L, 1);
  for (i = 0; i + nl <= d->len; i++)
    if (memcmp (d->data + i, needle, nl) == 0)
      count++;
  g_assert_cmpint (count, ==, 1);
  g_byte_array_unref (d);
  el_state_close (L);
}

static void
test_listing (void)
{
  ElaraState *L = harness_newstate (0x5eed);
  char *text = NULL;
  size_t len = 0;
  FILE *out = open_memstream (&text, &len);
  const Proto *p;

  load_source (L, sample_src);
  p = clLvalue (s2v (L->top - 1))->p;
  el_dump_listing (p, 1, out);
  fclose (out);
  g_assert_nonnull (strstr (text, "main <chunk:0,0>"));
  g_assert_nonnull (strstr (text, "VARARGPREP"));
  g_assert_nonnull (strstr (text, "CLOSURE"));
  g_assert_nonnull (strstr (text, "\"short\""));
  g_assert_nonnull (strstr (text, "constants ("));
  g_assert_nonnull (strstr (text, "locals ("));
  g_assert_nonnull (strstr (text, "upvalues ("));
  free (text);
  el_state_close (L);
}

/* -- Hostile input ------------------------------------------------------- */

/* Every proper prefix of a chunk is reported as truncated. */
static void
test_truncated (void)
{
  ElaraState *L = harness_newstate (0x5eed);
  GByteArray *d;
  guint n;
  int strip;

  for (strip = 0; strip <= 1; strip++) {
    load_source (L, sample_src);
    d = dump_top (L, strip);
    el_api_settop (L, 0);
    for (n = 1; n < d->len; n++) {
      const char *msg;

      g_assert_cmpint (load_bytes (L, d->data, n, 0), ==, ELARA_ERRSYNTAX);
      msg = el_api_tolstring (L, -1, NULL);
      if (strstr (msg, "truncated") == NULL)
        g_error ("prefix of %u bytes: %s", n, msg);
      el_api_settop (L, 0);
    }
    g_byte_array_unref (d);
  }
  el_state_close (L);
}

static void
test_bad_header (void)
{
  ElaraState *L = harness_newstate (0x5eed);
  GByteArray *d;
  guint i;

  load_source (L, "return 1");
  d = dump_top (L, 0);
  el_api_settop (L, 0);
  /* any change in the header (signature .. opcode check) is fatal */
  for (i = 1; i < HEADER_CHECKED; i++) {
    GByteArray *c = g_byte_array_sized_new (d->len);

    g_byte_array_append (c, d->data, d->len);
    c->data[i]++;
    g_assert_cmpint (load_bytes (L, c->data, c->len, 0), ==, ELARA_ERRSYNTAX);
    g_assert_nonnull (strstr (el_api_tolstring (L, -1, NULL),
                              "bad binary format"));
    el_api_settop (L, 0);
    g_byte_array_unref (c);
  }
  g_byte_array_unref (d);
  el_state_close (L);
}

/* Random corruption: loading may fail or succeed (a flip may hit a value
** the verifier cannot judge, like a constant), but it must not crash. */
static void
test_byte_flips (void)
{
  ElaraState *L = harness_newstate (0x5eed);
  GByteArray *d;
  GRand *rand = g_rand_new_with_seed (20250101);
  int iter, rejected = 0;
  int iters = g_test_slow () ? 200000 : 20000;

  load_source (L, sample_src);
  d = dump_top (L, 0);
  el_api_settop (L, 0);
  for (iter = 0; iter < iters; iter++) {
    GByteArray *c = g_byte_array_sized_new (d->len);
    int nflips = g_rand_int_range (rand, 1, 4);
    int status, k;

    g_byte_array_append (c, d->data, d->len);
    for (k = 0; k < nflips; k++) {
      guint pos = (guint) g_rand_int_range (rand, 1, (gint32) c->len);

      if (g_rand_boolean (rand))
        c->data[pos] ^= (guint8) (1u << g_rand_int_range (rand, 0, 8));
      else
        c->data[pos] = (guint8) g_rand_int_range (rand, 0, 256);
    }
    status = load_bytes (L, c->data, c->len, 0);
    g_assert_true (status == ELARA_OK || status == ELARA_ERRSYNTAX
                   || status == ELARA_ERRMEM);
    if (status != ELARA_OK)
      rejected++;
    el_api_settop (L, 0);
    g_byte_array_unref (c);
  }
  g_assert_cmpint (rejected, >, 0);
  g_rand_free (rand);
  g_byte_array_unref (d);
  el_state_close (L);
}

/* Random instructions: forge the code of a compiled function (one word
** replaced or one bit flipped), dump it and load it back.  The verifier
** must answer, whatever the word. */
static void
collect_protos (Proto *p, GPtrArray *all)
{
  int i;

  g_ptr_array_add (all, p);
  for (i = 0; i < p->sizep; i++)
    collect_protos (p->p[i], all);
}

static void
test_instruction_mutations (void)
{
  ElaraState *L = harness_newstate (0x5eed);
  GRand *rand = g_rand_new_with_seed (4242);
  GPtrArray *all = g_ptr_array_new ();
  int iter, accepted = 0;
  int iters = g_test_slow () ? 100000 : 10000;

  load_source (L, sample_src);
  collect_protos (clLvalue (s2v (L->top - 1))->p, all);
  for (iter = 0; iter < iters; iter++) {
    Proto *p = g_ptr_array_index (all, g_rand_int_range (rand, 0,
                                                         (gint32) all->len));
    int pc = g_rand_int_range (rand, 0, p->sizecode);
    Instruction saved = p->code[pc];
    GByteArray *d;
    int status;

    if (g_rand_boolean (rand))
      p->code[pc] ^= (Instruction) 1u << g_rand_int_range (rand, 0, 32);
    else
      p->code[pc] = (Instruction) g_rand_int (rand);
    d = dump_top (L, 0);
    p->code[pc] = saved;
    status = load_bytes (L, d->data, d->len, 0);
    g_assert_true (status == ELARA_OK || status == ELARA_ERRSYNTAX);
    if (status == ELARA_OK)
      accepted++;
    el_api_settop (L, 1);
    g_byte_array_unref (d);
  }
  /* some mutations are harmless (an operand that is still in range) */
  g_assert_cmpint (accepted, >, 0);
  g_assert_cmpint (accepted, <, iters);
  g_ptr_array_unref (all);
  g_rand_free (rand);
  el_state_close (L);
}

/* Random bytes after a valid header. */
static void
test_garbage (void)
{
  ElaraState *L = harness_newstate (0x5eed);
  GByteArray *d;
  GRand *rand = g_rand_new_with_seed (77);
  guint hlen;
  int iter;

  load_source (L, "return 1");
  d = dump_top (L, 0);
  el_api_settop (L, 0);
  hlen = HEADER_SIZE;
  for (iter = 0; iter < 5000; iter++) {
    GByteArray *c = g_byte_array_sized_new (hlen + 256);
    int n = g_rand_int_range (rand, 0, 256);
    int status, k;

    g_byte_array_append (c, d->data, hlen);
    for (k = 0; k < n; k++) {
      guint8 b = (guint8) g_rand_int_range (rand, 0, 256);

      g_byte_array_append (c, &b, 1);
    }
    status = load_bytes (L, c->data, c->len, 0);
    g_assert_true (status == ELARA_OK || status == ELARA_ERRSYNTAX);
    el_api_settop (L, 0);
    g_byte_array_unref (c);
  }
  g_rand_free (rand);
  g_byte_array_unref (d);
  el_state_close (L);
}

/* Chunks with huge announced sizes fail as truncated, cheaply. */
static void
test_huge_sizes (void)
{
  ElaraState *L = harness_newstate (0x5eed);
  GByteArray *d;
  GByteArray *c;
  guint hlen = HEADER_SIZE + 1;
  static const guint8 tail[] = {
    0, 0,                           /* lines */
    0, 2, 2,                        /* numparams, flag, maxstack */
    0x87, 0xff, 0xff, 0xff, 0x7f,   /* sizecode = 2^31 - 1 */
    0, 0, 0,                        /* padding */
    0, 0, 0, 0,
  };

  load_source (L, "return 1");
  d = dump_top (L, 0);
  el_api_settop (L, 0);
  c = g_byte_array_new ();
  g_byte_array_append (c, d->data, hlen);
  g_byte_array_append (c, tail, sizeof tail);
  g_assert_cmpint (load_bytes (L, c->data, c->len, 0), ==, ELARA_ERRSYNTAX);
  g_assert_nonnull (strstr (el_api_tolstring (L, -1, NULL), "truncated"));
  g_byte_array_unref (c);
  g_byte_array_unref (d);
  el_state_close (L);
}

/* Forge one instruction of a compiled function, dump it and expect the
** verifier to reject the chunk. */
typedef void (*Forge) (Proto *p);

static void
expect_rejected (const char *src, Forge forge, const char *why)
{
  ElaraState *L = harness_newstate (0x5eed);
  GByteArray *d;
  Proto *p;
  Instruction *saved;
  uint8_t flag;
  const char *msg;

  load_source (L, src);
  p = clLvalue (s2v (L->top - 1))->p;
  saved = g_memdup2 (p->code, sizeof (Instruction) * (size_t) p->sizecode);
  flag = p->flag;
  forge (p);
  d = dump_top (L, 0);
  /* leave the live function as it was */
  memcpy (p->code, saved, sizeof (Instruction) * (size_t) p->sizecode);
  p->flag = flag;
  g_free (saved);
  el_api_settop (L, 0);
  g_assert_cmpint (load_bytes (L, d->data, d->len, 0), ==, ELARA_ERRSYNTAX);
  msg = el_api_tolstring (L, -1, NULL);
  if (strstr (msg, why) == NULL)
    g_error ("expected '%s', got '%s'", why, msg);
  g_byte_array_unref (d);
  el_state_close (L);
}

static int
find_op (const Proto *p, OpCode op)
{
  int i;

  for (i = 0; i < p->sizecode; i++)
    if (GET_OPCODE (p->code[i]) == op)
      return i;
  g_error ("opcode %s not found", el_opcodes_names[op]);
  return -1;
}

static void
forge_opcode (Proto *p)
{
  SET_OPCODE (p->code[1], 127);
}

static void
forge_register (Proto *p)
{
  p->code[1] = CREATE_ABCk (OP_MOVE, 200, 0, 0, 0);
}

static void
forge_constant (Proto *p)
{
  p->code[1] = CREATE_ABx (OP_LOADK, 0, p->sizek);
}

static void
forge_jump (Proto *p)
{
  p->code[1] = CREATE_sJ (OP_JMP, OFFSET_sJ + 1000, 0);
}

static void
forge_jump_back (Proto *p)
{
  p->code[1] = CREATE_sJ (OP_JMP, OFFSET_sJ - 5, 0);
}

static void
forge_noreturn (Proto *p)
{
  p->code[p->sizecode - 1] = CREATE_ABCk (OP_MOVE, 0, 0, 0, 0);
}

static void
forge_upvalue (Proto *p)
{
  p->code[1] = CREATE_ABCk (OP_GETUPVAL, 0, 7, 0, 0);
}

static void
forge_closure (Proto *p)
{
  p->code[1] = CREATE_ABx (OP_CLOSURE, 0, p->sizep + 3);
}

static void
forge_field_key (Proto *p)
{
  int pc = find_op (p, OP_GETFIELD);
  int i;

  /* point the key at the integer constant */
  for (i = 0; i < p->sizek; i++)
    if (ttisinteger (&p->k[i]))
      break;
  g_assert_cmpint (i, <, p->sizek);
  SETARG_C (p->code[pc], i);
}

static void
forge_extraarg (Proto *p)
{
  int pc = find_op (p, OP_NEWTABLE);

  p->code[pc + 1] = CREATE_ABCk (OP_MOVE, 0, 0, 0, 0);
}

static void
forge_mmbin (Proto *p)
{
  int pc = find_op (p, OP_MMBIN);

  SETARG_C (p->code[pc], 99);
}

static void
forge_test_nojump (Proto *p)
{
  int pc = find_op (p, OP_LT);

  p->code[pc + 1] = CREATE_ABCk (OP_MOVE, 0, 0, 0, 0);
}

static void
forge_usetop (Proto *p)
{
  int pc = find_op (p, OP_CALL);

  /* a call taking its arguments "up to top" with nothing setting top */
  SETARG_B (p->code[pc], 0);
}

/* "for k, v in next, {} do end": TFORPREP's target is now TFORLOOP, which
** the VM would have run as the loop's TFORCALL. */
static void
forge_tforprep (Proto *p)
{
  SETARG_Bx (p->code[find_op (p, OP_TFORPREP)], 1);
}

/* "return {1, 2}" (8 instructions): a hash part of 2^39 nodes */
static void
forge_hashsize (Proto *p)
{
  SETARG_vB (p->code[find_op (p, OP_NEWTABLE)], 40);
}

/* ... an array part of about a million slots, from the EXTRAARG */
static void
forge_arraysize (Proto *p)
{
  int pc = find_op (p, OP_NEWTABLE);

  SETARG_k (p->code[pc], 1);
  p->code[pc + 1] = CREATE_Ax (OP_EXTRAARG, 1000);
}

/* ... SETLIST storing from index 1001: 1000 items flushed before it */
static void
forge_setlist_first (Proto *p)
{
  SETARG_vC (p->code[find_op (p, OP_SETLIST)], 1000);
}

/* both vararg frames at once: RETURN would undo a hidden frame that the
** vararg table path never built */
static void
forge_flags (Proto *p)
{
  p->flag = PF_VAHID | PF_VATAB;
}

/* "local x <close> = nil local y <close> = nil": y marked at x's level */
static void
forge_tbc_order (Proto *p)
{
  int pc = find_op (p, OP_TBC);

  g_assert_cmpint (GET_OPCODE (p->code[pc + 2]), ==, OP_TBC);
  SETARG_A (p->code[pc + 2], 0);
}

/* "local f = ... local x <close> = nil f ()": the callee's frame over x */
static void
forge_tbc_call (Proto *p)
{
  SETARG_A (p->code[find_op (p, OP_CALL)], 0);
}

/* ... and the closing return turned into a plain one */
static void
forge_tbc_return (Proto *p)
{
  SETARG_k (p->code[find_op (p, OP_RETURN)], 0);
}

/* A plain return after the generic for is fine once its CLOSE has run;
** jumped over, the loop's closing value is still open at the return. */
static void
forge_tbc_jump (Proto *p)
{
  SETARG_k (p->code[find_op (p, OP_RETURN)], 0);
  p->code[find_op (p, OP_CLOSE)] = CREATE_sJ (OP_JMP, OFFSET_sJ + 0, 0);
}

static void
test_verifier (void)
{
  const char *simple = "local a, b = ... return a";
  const char *body = "local x, y = ... local t = {} "
                     "if x < y then t.k = x + y end "
                     "print (x) return t.k, 123456789012";
  const char *tfor = "for k, v in next, {} do end return";
  const char *list = "return {1, 2}";
  const char *tbc2 = "local x <close> = nil local y <close> = nil return";
  const char *tbccall = "local f = ... local x <close> = nil f () return";

  expect_rejected (simple, forge_opcode, "invalid opcode");
  expect_rejected (simple, forge_register, "register out of range");
  expect_rejected (simple, forge_constant, "constant index out of range");
  expect_rejected (simple, forge_jump, "jump out of the code");
  expect_rejected (simple, forge_jump_back, "jump out of the code");
  expect_rejected (simple, forge_noreturn, "does not end with a return");
  expect_rejected (simple, forge_upvalue, "upvalue index out of range");
  expect_rejected (simple, forge_closure, "function index out of range");
  expect_rejected (body, forge_field_key, "not a short string");
  expect_rejected (body, forge_extraarg, "EXTRAARG");
  expect_rejected (body, forge_mmbin, "metamethod event");
  expect_rejected (body, forge_test_nojump, "test not followed by a jump");
  expect_rejected (body, forge_usetop, "stack top not set");
  expect_rejected (tfor, forge_tforprep, "generic for without its call");
  expect_rejected (list, forge_hashsize, "table size out of range");
  expect_rejected (list, forge_arraysize, "table size out of range");
  expect_rejected (list, forge_setlist_first, "table size out of range");
  expect_rejected (simple, forge_flags, "invalid function flags");
  expect_rejected (tbc2, forge_tbc_order, "below an open one");
  expect_rejected (tbccall, forge_tbc_call,
                   "call below an open to-be-closed variable");
  expect_rejected (tbccall, forge_tbc_return, "return without closing");
  expect_rejected (tfor, forge_tbc_jump, "return without closing");
}

/* The numeric for loop writes its counters with their type: a forged chunk
** that puts a table in the control variable's register gets numbers back,
** not a table tag over an integer (a wild pointer). */
static void
forge_for_control (Proto *p)
{
  int pc = find_op (p, OP_MOVE);

  /* "local w = t" (MOVE 5 0) becomes "i = t" (the control register) */
  g_assert_cmpint (GETARG_A (p->code[pc]), ==, 5);
  SETARG_A (p->code[pc], 4);
}

static void
test_forloop_types (void)
{
  static const char *const srcs[] = {
    /* the table is planted once: the loop must still end */
    "local t, r = {}, {} for i = 1, 3 do r[1] = i "
    "if not r[2] then r[2] = 1 local w = t end end return #r[1]",
    "local t, r = {}, {} for i = 1.0, 2.5 do r[1] = i "
    "if not r[2] then r[2] = 1 local w = t end end return #r[1]",
  };
  gsize k;

  for (k = 0; k < G_N_ELEMENTS (srcs); k++) {
    ElaraState *L = harness_newstate (0x5eed);
    GByteArray *d;
    Proto *p;
    const char *msg;

    load_source (L, srcs[k]);
    p = clLvalue (s2v (L->top - 1))->p;
    forge_for_control (p);
    d = dump_top (L, 0);
    el_api_settop (L, 0);
    /* nothing for the verifier to object to: registers are in range */
    g_assert_cmpint (load_bytes (L, d->data, d->len, 0), ==, ELARA_OK);
    g_assert_cmpint (el_api_pcallk (L, 0, 1, 0, 0, NULL), ==, ELARA_ERRRUN);
    msg = el_api_tolstring (L, -1, NULL);
    if (strstr (msg, "length of a number value") == NULL)
      g_error ("unexpected error '%s'", msg);
    g_byte_array_unref (d);
    el_state_close (L);
  }
}

/* -- The reference's format ---------------------------------------------- */

/* The header is Lua 5.5.0's, byte for byte (the official calls.lua checks
** it the same way). */
static void
test_header_exact (void)
{
  ElaraState *L = harness_newstate (0x5eed);
  GByteArray *d, *want = g_byte_array_new ();
  int ci = -0x5678;
  Instruction inst = 0x12345678u;
  ElInt i = -0x5678;
  ElNum n = -370.5;
  guint8 b;

  g_byte_array_append (want, (const guint8 *) "\x1bLua\x55\x00", 6);
  g_byte_array_append (want, (const guint8 *) "\x19\x93\r\n\x1a\n", 6);
  b = sizeof ci;
  g_byte_array_append (want, &b, 1);
  g_byte_array_append (want, (const guint8 *) &ci, sizeof ci);
  b = sizeof inst;
  g_byte_array_append (want, &b, 1);
  g_byte_array_append (want, (const guint8 *) &inst, sizeof inst);
  b = sizeof i;
  g_byte_array_append (want, &b, 1);
  g_byte_array_append (want, (const guint8 *) &i, sizeof i);
  b = sizeof n;
  g_byte_array_append (want, &b, 1);
  g_byte_array_append (want, (const guint8 *) &n, sizeof n);
  g_assert_cmpuint (want->len, ==, HEADER_SIZE);
  load_source (L, "return 1");
  d = dump_top (L, 0);
  g_assert_cmpuint (d->len, >, HEADER_SIZE);
  g_assert_cmpmem (d->data, HEADER_SIZE, want->data, want->len);
  /* then the main function's upvalue count (_ENV) */
  g_assert_cmpuint (d->data[HEADER_SIZE], ==, 1);
  g_byte_array_unref (d);
  g_byte_array_unref (want);
  el_state_close (L);
}

/* Lines far apart (absolute entries for deltas beyond a byte), going
** backwards, and long functions (an absolute entry every 128
** instructions) come back as the same absolute lines. */
static void
same_lines (const Proto *a, const Proto *b)
{
  int i;

  g_assert_cmpint (a->sizelineinfo, ==, b->sizelineinfo);
  g_assert_cmpmem (a->lineinfo, sizeof (int) * (size_t) a->sizelineinfo,
                   b->lineinfo, sizeof (int) * (size_t) b->sizelineinfo);
  g_assert_cmpint (a->sizep, ==, b->sizep);
  for (i = 0; i < a->sizep; i++)
    same_lines (a->p[i], b->p[i]);
}

static void
test_lineinfo (void)
{
  ElaraState *L = harness_newstate (0x5eed);
  GString *src = g_string_new ("local t = {}\n");
  GByteArray *d;
  const Proto *p1, *p2;
  int i;

  /* a long function, then statements 200 lines apart, then a call
  ** whose arguments span lines (the call instruction goes back) */
  g_string_append (src, "local function long (x)\n");
  for (i = 0; i < 300; i++)
    g_string_append_printf (src, "  x = x + %d; t[%d] = x\n", i, i);
  g_string_append (src, "  return x\nend\n");
  for (i = 0; i < 5; i++) {
    int k;

    for (k = 0; k < 200; k++)
      g_string_append_c (src, '\n');
    g_string_append_printf (src, "t.a%d = long (%d)\n", i, i);
  }
  g_string_append (src, "print (1,\n\n\n 2,\n\n 3)\nreturn t\n");
  load_source (L, src->str);
  p1 = clLvalue (s2v (L->top - 1))->p;
  d = dump_top (L, 0);
  g_assert_cmpint (load_bytes (L, d->data, d->len, 1), ==, ELARA_OK);
  p2 = clLvalue (s2v (L->top - 1))->p;
  same_lines (p1, p2);
  g_byte_array_unref (d);
  g_string_free (src, TRUE);
  el_state_close (L);
}

/* Hand-made chunks: a one-instruction function (RETURN0) with the given
** source bytes and line information. */
static GByteArray *
make_chunk (const guint8 *source, gsize nsource, const guint8 *lines,
            gsize nlines)
{
  ElaraState *L = harness_newstate (0x5eed);
  GByteArray *d, *c = g_byte_array_new ();
  static const guint8 head[] = {
    0,                              /* no upvalues */
    0, 0,                           /* linedefined, lastlinedefined */
    0, 0, 2,                        /* numparams, flag, maxstack */
    1,                              /* sizecode */
  };
  static const guint8 tail[] = { 0, 0 };  /* no locals, no upvalue names */
  static const guint8 zeros[4];
  Instruction ret = CREATE_ABCk (OP_RETURN0, 0, 1, 0, 0);
  static const guint8 none[] = { 0, 0, 0 };  /* constants, upvalues, p */

  load_source (L, "return");
  d = dump_top (L, 0);
  g_byte_array_append (c, d->data, HEADER_SIZE);
  g_byte_array_append (c, head, sizeof head);
  g_byte_array_append (c, zeros, (4 - c->len % 4) % 4);
  g_byte_array_append (c, (const guint8 *) &ret, sizeof ret);
  g_byte_array_append (c, none, sizeof none);
  g_byte_array_append (c, source, (guint) nsource);
  g_byte_array_append (c, lines, (guint) nlines);
  g_byte_array_append (c, tail, sizeof tail);
  g_byte_array_unref (d);
  el_state_close (L);
  return c;
}

/* Line section: n = 1, the byte, m absolute entries (padded, pairs). */
static gsize
make_lines (guint8 *buf, gsize at, guint8 rel, int m, int pc, int line)
{
  gsize n = 0;

  buf[n++] = 1;
  buf[n++] = rel;
  buf[n++] = (guint8) m;
  if (m > 0) {
    int pair[2] = { pc, line };

    /* 'at' is the chunk offset of the line section */
    while ((at + n) % 4 != 0)
      buf[n++] = 0;
    memcpy (buf + n, pair, sizeof pair);
    n += sizeof pair;
  }
  return n;
}

static void
check_made (const guint8 *source, gsize nsource, guint8 rel, int m, int pc,
            int line, const char *why, int want_line)
{
  ElaraState *L = harness_newstate (0x5eed);
  guint8 lines[32];
  GByteArray *c;
  gsize at, n;

  /* where the line section lands: after header, function head, padding,
  ** the instruction, three empty lists and the source */
  c = make_chunk (source, nsource, NULL, 0);
  at = c->len - 2;
  g_byte_array_unref (c);
  n = make_lines (lines, at, rel, m, pc, line);
  c = make_chunk (source, nsource, lines, n);
  if (why == NULL) {
    const Proto *p;

    g_assert_cmpint (load_bytes (L, c->data, c->len, 0), ==, ELARA_OK);
    p = clLvalue (s2v (L->top - 1))->p;
    g_assert_cmpint (p->sizelineinfo, ==, 1);
    g_assert_cmpint (p->lineinfo[0], ==, want_line);
    g_assert_cmpint (el_api_pcallk (L, 0, 0, 0, 0, NULL), ==, ELARA_OK);
  }
  else {
    const char *msg;

    g_assert_cmpint (load_bytes (L, c->data, c->len, 0), ==, ELARA_ERRSYNTAX);
    msg = el_api_tolstring (L, -1, NULL);
    if (strstr (msg, why) == NULL)
      g_error ("expected '%s', got '%s'", why, msg);
  }
  g_byte_array_unref (c);
  el_state_close (L);
}

static void
test_made_chunks (void)
{
  static const guint8 nosrc[] = { 0, 0 };
  static const guint8 src[] = { 3, '=', 'x', 0 };
  static const guint8 badsrc[] = { 3, '=', 'x', 'y' };
  static const guint8 badref[] = { 0, 5 };

  check_made (nosrc, sizeof nosrc, 5, 0, 0, 0, NULL, 5);
  check_made (src, sizeof src, 0xfe, 0, 0, 0, NULL, -2);
  check_made (src, sizeof src, 0x80, 1, 0, 77, NULL, 77);
  /* a marked instruction without its entry, an entry for an unmarked
  ** one, an entry past the code */
  check_made (src, sizeof src, 0x80, 0, 0, 0, "bad line information", 0);
  check_made (src, sizeof src, 3, 1, 0, 77, "bad line information", 0);
  check_made (src, sizeof src, 0x80, 1, 1, 77, "bad line information", 0);
  check_made (badsrc, sizeof badsrc, 5, 0, 0, 0, "unterminated string", 0);
  check_made (badref, sizeof badref, 5, 0, 0, 0, "invalid string index", 0);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/dump/roundtrip/identical", test_roundtrip_identical);
  g_test_add_func ("/dump/roundtrip/run", test_roundtrip_run);
  g_test_add_func ("/dump/roundtrip/string-dedup", test_string_dedup);
  g_test_add_func ("/dump/roundtrip/official-testes", test_roundtrip_testes);
  g_test_add_func ("/dump/roundtrip/lineinfo", test_lineinfo);
  g_test_add_func ("/dump/format/header", test_header_exact);
  g_test_add_func ("/dump/format/made-chunks", test_made_chunks);
  g_test_add_func ("/dump/listing/full", test_listing);
  g_test_add_func ("/dump/hostile/truncated", test_truncated);
  g_test_add_func ("/dump/hostile/bad-header", test_bad_header);
  g_test_add_func ("/dump/hostile/byte-flips", test_byte_flips);
  g_test_add_func ("/dump/hostile/garbage", test_garbage);
  g_test_add_func ("/dump/hostile/instruction-mutations",
                   test_instruction_mutations);
  g_test_add_func ("/dump/hostile/huge-sizes", test_huge_sizes);
  g_test_add_func ("/dump/hostile/verifier", test_verifier);
  g_test_add_func ("/dump/hostile/forloop-types", test_forloop_types);
  return g_test_run ();
}
