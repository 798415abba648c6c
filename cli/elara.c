/*
** elara.c: the `elara` launcher, the stand-alone interpreter
** SPDX-License-Identifier: MIT
**
** The command line is that of Lua 5.5's `lua` (same options, `arg` table,
** LUA_INIT handling, messages and exit status), plus Elara's options for
** choosing plugins and listing bytecode.  Options are parsed before the
** state exists, because the plugin options decide how it is built; the
** rest runs inside one protected call (run_main) so that no Lua error can
** escape unprotected.
**
** The launcher is an embedder: it drives the state through the host vtable
** (el_host_get(), what elara_host() returns), builds it with the GLib-free
** internal functions behind elara_state_new (instance.h), and reaches into
** the core otherwise only for the bytecode listing.  It uses no GLib at
** all, so the process does not map it (docs/ARCHITECTURE.md: ~1.3 MiB of
** resident memory and ~0.2 ms of start-up).
*/
#include "config.h"

#include <dlfcn.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "elara/elara-plugin.h"
#include "api.h"
#include "dump.h"
#include "host.h"
#include "instance.h"
#include "jit.h"
#include "plugin.h"

#define PROMPT1 "> "
#define PROMPT2 ">> "
#define EOF_MARK "<eof>"          /* ends messages of incomplete chunks */
#define INIT_VAR "LUA_INIT"
#define INIT_VAR_VERSIONED "LUA_INIT_5_5"

static const ElaraHost *H;         /* the host vtable, set first thing */
static const char *progname = "elara";

/* -- Options -------------------------------------------------------------- */

/* -e, -l, -W and bytecode listings run in command-line order. */
typedef enum {
  ACTION_EXEC,                     /* -e stat */
  ACTION_REQUIRE,                  /* -l mod, -l g=mod */
  ACTION_WARN_ON,                  /* -W */
  ACTION_LIST                      /* -b file, or -l file.lua (see README) */
} ActionKind;

typedef struct {
  ActionKind kind;
  char *arg;                       /* points into argv (may be edited) */
  bool full;                       /* ACTION_LIST: constants, locals too */
} Action;

/* A NULL-ended array of strings that grows. */
typedef struct {
  char **v;                        /* NULL until the first add */
  size_t len, cap;
} StrVec;

typedef struct {
  int argc;
  char **argv;
  int script;                      /* argv index of the script, 0: none */
  bool interactive;                /* -i */
  bool version;                    /* -v (or -i) */
  bool exec;                       /* some -e */
  bool ignore_env;                 /* -E */
  bool list_plugins;
  bool help;
  Action *actions;                 /* at most one per argument */
  size_t n_actions;
  StrVec plugin_path;              /* points into argv */
  StrVec plugins;                  /* owned; .v NULL: the default set */
  ElJitMode jit;
} Options;

typedef enum { OPT_OK, OPT_UNKNOWN, OPT_NEEDS_ARG, OPT_BAD_VALUE } OptStatus;

static void
print_usage (FILE *out, const char *bad, OptStatus why)
{
  if (why == OPT_NEEDS_ARG)
    fprintf (out, "%s: '%s' needs argument\n", progname, bad);
  else if (why == OPT_BAD_VALUE)
    fprintf (out, "%s: invalid value in '%s'\n", progname, bad);
  else if (why == OPT_UNKNOWN)
    fprintf (out, "%s: unrecognized option '%s'\n", progname, bad);
  fprintf (out,
    "usage: %s [options] [script [args]]\n"
    "Available options are:\n"
    "  -e stat   execute string 'stat'\n"
    "  -i        enter interactive mode after executing 'script'\n"
    "  -l mod    require library 'mod' into global 'mod'\n"
    "  -l g=mod  require library 'mod' into global 'g'\n"
    "  -v        show version information\n"
    "  -E        ignore environment variables\n"
    "  -W        turn warnings on\n"
    "  --        stop handling options\n"
    "  -         stop handling options and execute stdin\n"
    "Elara options:\n"
    "  -b file   list the bytecode of Lua file 'file' (so does -l file.lua\n"
    "            when 'file.lua' exists and no script is given)\n"
    "  --list-bytecode file       the same as -b file\n"
    "  --list-bytecode-full file  also list constants, locals, upvalues\n"
    "  --plugins=LIST     load base and exactly the plugins in LIST (a,b,c)\n"
    "  --plugin-path DIR  search DIR for plugins first (repeatable)\n"
    "  --list-plugins     list the plugins found and exit\n"
    "  --jit=MODE         JIT mode: off, auto (default) or always\n"
    "  --help             show this help and exit\n",
    progname);
  fflush (out);
}

/* The launcher's own C memory (options, a few names): without it there
** is nothing to run, so it stops with the message of a memory error. */
static void *
xrealloc (void *p, size_t n)
{
  p = realloc (p, n != 0 ? n : 1);
  if (p == NULL) {
    fprintf (stderr, "%s: not enough memory\n", progname);
    exit (EXIT_FAILURE);
  }
  return p;
}

/* Append 's' (NULL: only make the array exist, empty). */
static void
strvec_add (StrVec *a, char *s)
{
  if (a->len + 2 > a->cap) {
    a->cap = a->cap != 0 ? 2 * a->cap : 8;
    a->v = xrealloc (a->v, a->cap * sizeof *a->v);
  }
  if (s != NULL)
    a->v[a->len++] = s;
  a->v[a->len] = NULL;
}

static void
add_action (Options *o, ActionKind kind, char *arg, bool full)
{
  Action a = { kind, arg, full };
  o->actions[o->n_actions++] = a;  /* sized for one per argument */
}

static bool
is_space (char c)
{
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'
         || c == '\v';
}

/* --plugins=a,b,c: add each name, without surrounding blanks, to the list
** (repeated options accumulate; an empty list means base alone). */
static void
add_plugin_names (Options *o, const char *list)
{
  strvec_add (&o->plugins, NULL);
  while (list != NULL) {
    const char *comma = strchr (list, ',');
    const char *end = comma != NULL ? comma : list + strlen (list);
    while (list < end && is_space (*list))
      list++;
    while (end > list && is_space (end[-1]))
      end--;
    if (end > list) {
      char *name = xrealloc (NULL, (size_t) (end - list) + 1);
      memcpy (name, list, (size_t) (end - list));
      name[end - list] = '\0';
      strvec_add (&o->plugins, name);
    }
    list = comma != NULL ? comma + 1 : NULL;
  }
}

/* The value of a long option "--name=VALUE" or "--name VALUE"; NULL when
** argv[*i] is not option 'name'.  Sets *missing when the value is absent. */
static char *
long_value (char **argv, int *i, const char *name, bool *missing)
{
  size_t n = strlen (name);
  char *a = argv[*i];
  if (strncmp (a, name, n) != 0)
    return NULL;
  if (a[n] == '=')
    return a + n + 1;
  if (a[n] != '\0')
    return NULL;
  if (argv[*i + 1] == NULL) {
    *missing = true;
    return NULL;
  }
  return argv[++*i];
}

static OptStatus
parse_long (Options *o, char **argv, int *i)
{
  bool missing = false;
  char *a = argv[*i];
  char *v;
  if (strcmp (a, "--list-plugins") == 0)
    o->list_plugins = true;
  else if (strcmp (a, "--help") == 0)
    o->help = true;
  else if (strcmp (a, "--version") == 0)
    o->version = true;
  else if ((v = long_value (argv, i, "--plugins", &missing)) != NULL)
    add_plugin_names (o, v);
  else if ((v = long_value (argv, i, "--plugin-path", &missing)) != NULL)
    strvec_add (&o->plugin_path, v);
  else if ((v = long_value (argv, i, "--list-bytecode-full", &missing))
           != NULL)
    add_action (o, ACTION_LIST, v, true);
  else if ((v = long_value (argv, i, "--list-bytecode", &missing)) != NULL)
    add_action (o, ACTION_LIST, v, false);
  else if ((v = long_value (argv, i, "--jit", &missing)) != NULL) {
    if (strcmp (v, "off") == 0)
      o->jit = EL_JIT_OFF;
    else if (strcmp (v, "auto") == 0)
      o->jit = EL_JIT_AUTO;
    else if (strcmp (v, "always") == 0)
      o->jit = EL_JIT_ALWAYS;
    else
      return OPT_BAD_VALUE;
  }
  else
    return missing ? OPT_NEEDS_ARG : OPT_UNKNOWN;
  return OPT_OK;
}

/* Parse argv like `lua` does: options up to the first non-option (the
** script), "-" (stdin) or "--".  On error *bad is the offending argument. */
static OptStatus
parse_args (Options *o, char **argv, int *bad)
{
  int i;
  o->script = 0;
  if (argv[0] == NULL)
    return OPT_OK;
  for (i = 1; argv[i] != NULL; i++) {
    char *a = argv[i];
    OptStatus st;
    *bad = i;
    if (a[0] != '-') {                 /* the script */
      o->script = i;
      return OPT_OK;
    }
    switch (a[1]) {
    case '\0':                         /* "-": the script is stdin */
      o->script = i;
      return OPT_OK;
    case '-':
      if (a[2] == '\0') {              /* "--": a script may follow */
        o->script = argv[i + 1] != NULL ? i + 1 : 0;
        return OPT_OK;
      }
      if ((st = parse_long (o, argv, &i)) != OPT_OK)
        return st;
      break;
    case 'E':
    case 'W':
    case 'i':
    case 'v':
      if (a[2] != '\0')
        return OPT_UNKNOWN;
      if (a[1] == 'E')
        o->ignore_env = true;
      else if (a[1] == 'W')
        add_action (o, ACTION_WARN_ON, NULL, false);
      else {
        o->version = true;             /* -i implies -v */
        o->interactive = o->interactive || a[1] == 'i';
      }
      break;
    case 'e':
    case 'l':
    case 'b': {
      char *arg = a + 2;
      if (*arg == '\0') {              /* the argument is the next word */
        arg = argv[i + 1];
        if (arg == NULL || arg[0] == '-')
          return OPT_NEEDS_ARG;
        i++;
      }
      if (a[1] == 'e')
        o->exec = true;
      add_action (o, a[1] == 'e' ? ACTION_EXEC
                     : a[1] == 'l' ? ACTION_REQUIRE : ACTION_LIST, arg, false);
      break;
    }
    default:
      return OPT_UNKNOWN;
    }
  }
  return OPT_OK;
}

/* `-l file.lua` lists bytecode when 'file.lua' exists and no script is
** given: `lua` could only fail on it (no module is named "x.lua"). */
static void
resolve_listings (Options *o)
{
  size_t i;
  if (o->script != 0)
    return;
  for (i = 0; i < o->n_actions; i++) {
    Action *a = &o->actions[i];
    size_t n = a->kind == ACTION_REQUIRE ? strlen (a->arg) : 0;
    struct stat st;
    if (a->kind == ACTION_REQUIRE && strchr (a->arg, '=') == NULL
        && n >= 4 && strcmp (a->arg + n - 4, ".lua") == 0
        && stat (a->arg, &st) == 0 && S_ISREG (st.st_mode))
      a->kind = ACTION_LIST;
  }
}

static bool
has_listing (const Options *o)
{
  size_t i;
  for (i = 0; i < o->n_actions; i++)
    if (o->actions[i].kind == ACTION_LIST)
      return true;
  return false;
}

/* -- Messages ------------------------------------------------------------- */

static void
print_message (const char *pname, const char *msg)
{
  if (pname != NULL)
    fprintf (stderr, "%s: ", pname);
  fprintf (stderr, "%s\n", msg);
  fflush (stderr);
}

/* Print the error message on top of the stack (if status is an error). */
static int
report (ElaraState *L, int status)
{
  if (status != ELARA_OK) {
    const char *msg = H->tolstring (L, -1, NULL);
    print_message (progname,
                   msg != NULL ? msg : "(error message not a string)");
    H->settop (L, -2);
  }
  return status;
}

/* The loader's warnings (a default-set plugin skipped) read like the
** launcher's own messages. */
static void
loader_warning (const char *message)
{
  fprintf (stderr, "%s: warning: %s\n", progname, message);
  fflush (stderr);
}

/* Plugins' host->log: warnings as the launcher's own messages; debug and
** info messages only on request, with the variable GLib's handler used
** when the launcher logged through GLib (G_MESSAGES_DEBUG=all or a list
** naming elara-plugin). */
static void
plugin_log (int level, const char *plugin, const char *message)
{
  if (level < 2) {
    const char *want = getenv ("G_MESSAGES_DEBUG");
    if (want == NULL || (strstr (want, "all") == NULL
                         && strstr (want, "elara-plugin") == NULL))
      return;
  }
  fprintf (stderr, "%s: %s: %s: %s\n", progname,
           level <= 0 ? "debug" : level == 1 ? "info" : "warning", plugin,
           message);
  fflush (stderr);
}

/* -- Protected calls and SIGINT ------------------------------------------- */

static ElaraState *volatile running;  /* the state SIGINT interrupts */

static void
set_signal (int sig, void (*handler) (int))
{
  struct sigaction sa;
  sa.sa_handler = handler;
  sa.sa_flags = 0;
  sigemptyset (&sa.sa_mask);
  sigaction (sig, &sa, NULL);
}

static void
interrupt_hook (ElaraState *L, ElaraDebug *ar)
{
  (void) ar;
  H->sethook (L, NULL, 0, 0);
  H->errorf (L, "interrupted!");
}

/* A signal handler cannot touch the state safely; it only installs a hook
** that raises the error at the next instruction, call or return.  A second
** Ctrl-C kills the process (the default action is back). */
static void
on_sigint (int sig)
{
  set_signal (sig, SIG_DFL);
  H->sethook (running, interrupt_hook,
              ELARA_MASKCALL | ELARA_MASKRET | ELARA_MASKLINE
              | ELARA_MASKCOUNT, 1);
}

/* Message handler: turn the error object into a message with a traceback. */
static int
message_handler (ElaraState *L)
{
  const char *msg = H->tolstring (L, 1, NULL);
  if (msg == NULL) {
    if (H->callmeta (L, 1, "__tostring") && H->type (L, -1) == ELARA_TSTRING)
      return 1;  /* the object's own description, without traceback */
    msg = H->pushfstring (L, "(error object is a %s value)",
                          H->typename_ (L, H->type (L, 1)));
  }
  H->traceback (L, L, msg, 1);
  return 1;
}

/* Call the function below 'nargs' arguments with the message handler and
** Ctrl-C armed. */
static int
do_call (ElaraState *L, int nargs, int nresults)
{
  int status;
  int base = H->gettop (L) - nargs;
  H->pushcclosure (L, message_handler, 0);
  H->rotate (L, base, 1);
  running = L;
  set_signal (SIGINT, on_sigint);
  status = H->pcallk (L, nargs, nresults, base, 0, NULL);
  set_signal (SIGINT, SIG_DFL);
  H->rotate (L, base, -1);
  H->settop (L, -2);
  return status;
}

static int
do_chunk (ElaraState *L, int status)
{
  if (status == ELARA_OK)
    status = do_call (L, 0, 0);
  return report (L, status);
}

static int
do_file (ElaraState *L, const char *name)
{
  return do_chunk (L, H->loadfilex (L, name, NULL));
}

static int
do_string (ElaraState *L, const char *s, const char *name)
{
  return do_chunk (L, H->loadbufferx (L, s, strlen (s), name, NULL));
}

/* -l [g=]mod: g = require (mod); without "g=", a suffix after '-' in the
** module name is dropped from the global's name ("-l lib-2" sets lib). */
static int
do_require (ElaraState *L, char *spec)
{
  char *eq = strchr (spec, '=');
  char *module = eq != NULL ? eq + 1 : spec;
  char *dash = eq == NULL ? strchr (spec, '-') : NULL;
  char *global;
  int status;
  H->getglobal (L, "require");
  H->pushstring (L, module);
  status = do_call (L, 1, 1);
  if (status == ELARA_OK) {
    size_t n = eq != NULL ? (size_t) (eq - spec)
               : dash != NULL ? (size_t) (dash - spec) : strlen (spec);
    global = xrealloc (NULL, n + 1);
    memcpy (global, spec, n);
    global[n] = '\0';
    H->setglobal (L, global);
    free (global);
  }
  return report (L, status);
}

static int
do_listing (ElaraState *L, const char *file, bool full)
{
  int status = H->loadfilex (L, file, NULL);
  if (status == ELARA_OK) {
    const TValue *o = el_api_index2value (L, -1);
    if (ttisLclosure (o)) {
      fflush (stdout);
      el_dump_listing (clLvalue (o)->p, full, stdout);
      fflush (stdout);
    }
    H->settop (L, -2);
  }
  return report (L, status);
}

/* Push arg[1..#arg] for the script. */
static int
push_args (ElaraState *L)
{
  int i, n;
  if (H->getglobal (L, "arg") != ELARA_TTABLE)
    H->errorf (L, "'arg' is not a table");
  n = (int) H->len_ (L, -1);
  H->checkstack_ (L, n + 3, "too many arguments to script");
  for (i = 1; i <= n; i++)
    H->rawgeti (L, -i, i);
  H->rotate (L, -i, -1);
  H->settop (L, -2);
  return n;
}

static int
do_script (ElaraState *L, char **argv)
{
  const char *name = argv[0];
  int status;
  if (strcmp (name, "-") == 0 && strcmp (argv[-1], "--") != 0)
    name = NULL;  /* stdin */
  status = H->loadfilex (L, name, NULL);
  if (status == ELARA_OK) {
    int n = push_args (L);
    status = do_call (L, n, ELARA_MULTRET);
  }
  return report (L, status);
}

/* arg[0] is the script; its arguments go up from 1, the interpreter and
** its options down from -1.  Without a script arg[0] is the interpreter. */
static void
create_arg_table (ElaraState *L, char **argv, int argc, int script)
{
  int i;
  H->createtable (L, argc - (script + 1), script + 1);
  for (i = 0; i < argc; i++) {
    H->pushstring (L, argv[i]);
    H->rawseti (L, -2, i - script);
  }
  H->setglobal (L, "arg");
}

static int
do_init (ElaraState *L)
{
  const char *name = "=" INIT_VAR_VERSIONED;
  const char *init = getenv (name + 1);
  if (init == NULL) {
    name = "=" INIT_VAR;
    init = getenv (name + 1);
  }
  if (init == NULL)
    return ELARA_OK;
  if (init[0] == '@')
    return do_file (L, init + 1);
  return do_string (L, init, name);
}

static bool
run_actions (ElaraState *L, Options *o)
{
  size_t i;
  H->warning (L, "@off", 0);  /* warnings are off unless -W */
  for (i = 0; i < o->n_actions; i++) {
    Action *a = &o->actions[i];
    int status = ELARA_OK;
    switch (a->kind) {
    case ACTION_EXEC:
      status = do_string (L, a->arg, "=(command line)");
      break;
    case ACTION_REQUIRE:
      status = do_require (L, a->arg);
      break;
    case ACTION_LIST:
      status = do_listing (L, a->arg, a->full);
      break;
    case ACTION_WARN_ON:
      H->warning (L, "@on", 0);
      break;
    }
    if (status != ELARA_OK)
      return false;
  }
  return true;
}

/* -- The REPL ------------------------------------------------------------- */

typedef char *(*ReadlineFunc) (const char *prompt);
typedef void (*AddHistoryFunc) (const char *line);
static ReadlineFunc rl_readline;
static AddHistoryFunc rl_add_history;

/* GNU readline is used when the shared library is installed; it is opened
** at run time so the launcher neither links nor requires it. */
static void
repl_init_readline (ElaraState *L)
{
  static const char *const libs[] = { "libreadline.so", "libreadline.so.8",
                                      NULL };
  const char *const *lib;
  void *handle = NULL;
  for (lib = libs; handle == NULL && *lib != NULL; lib++)
    handle = dlopen (*lib, RTLD_NOW | RTLD_LOCAL);
  if (handle == NULL) {
    H->warning (L, "library 'libreadline.so' not found", 0);
    return;
  }
  {
    const char **rl_name = dlsym (handle, "rl_readline_name");
    if (rl_name != NULL)
      *rl_name = "elara";
  }
  *(void **) &rl_readline = dlsym (handle, "readline");
  *(void **) &rl_add_history = dlsym (handle, "add_history");
  if (rl_readline == NULL)
    H->warning (L, "unable to load 'readline'", 0);
}

/* The prompt: _PROMPT/_PROMPT2 through tostring, else the default.  The
** string stays on the stack (anchored) until the line is read. */
static const char *
repl_prompt (ElaraState *L, bool first)
{
  if (H->getglobal (L, first ? "_PROMPT" : "_PROMPT2") == ELARA_TNIL)
    return first ? PROMPT1 : PROMPT2;
  {
    const char *p = H->tolstring_ (L, -1, NULL);
    H->rotate (L, -2, -1);
    H->settop (L, -2);
    return p;
  }
}

/* Read one line and push it (without its newline); 0 at end of input. */
static int
repl_push_line (ElaraState *L, bool first)
{
  const char *prompt = repl_prompt (L, first);
  char *line = NULL;
  size_t len;
  if (rl_readline != NULL) {
    line = rl_readline (prompt);
  } else {
    size_t cap = 0;
    fputs (prompt, stdout);
    fflush (stdout);
    if (getline (&line, &cap, stdin) < 0) {
      free (line);
      line = NULL;
    }
  }
  H->settop (L, -2);  /* the prompt */
  if (line == NULL)
    return 0;
  len = strlen (line);
  if (len > 0 && line[len - 1] == '\n')
    line[--len] = '\0';
  H->pushlstring (L, line, len);
  free (line);
  return 1;
}

/* A syntax error whose message ends in "<eof>": the chunk is incomplete. */
static bool
repl_incomplete (ElaraState *L, int status)
{
  size_t len;
  const char *msg;
  size_t mlen = strlen (EOF_MARK);
  if (status != ELARA_ERRSYNTAX)
    return false;
  msg = H->tolstring (L, -1, &len);
  return msg != NULL && len >= mlen && strcmp (msg + len - mlen, EOF_MARK) == 0;
}

/* Line on top: compile "return <line>;" in its place if that works. */
static int
repl_try_expression (ElaraState *L)
{
  const char *line = H->tolstring (L, -1, NULL);
  const char *code = H->pushfstring (L, "return %s;", line);
  int status = H->loadbufferx (L, code, strlen (code), "=stdin", NULL);
  if (status == ELARA_OK) {
    H->rotate (L, -2, -1);  /* drop the modified line */
    H->settop (L, -2);
  } else {
    H->settop (L, -3);      /* drop the error and the modified line */
  }
  return status;
}

static void
repl_check_local (const char *line)
{
  line += strspn (line, " \t");
  if (strncmp (line, "local", 5) == 0 && (line[5] == ' ' || line[5] == '\t'))
    fprintf (stderr, "%s\n",
             "warning: locals do not survive across lines in interactive "
             "mode");
}

/* Line at index 1: compile it as a statement, reading continuation lines
** while the chunk is incomplete. */
static int
repl_statement (ElaraState *L)
{
  size_t len;
  const char *code = H->tolstring (L, 1, &len);
  repl_check_local (code);
  for (;;) {
    int status = H->loadbufferx (L, code, len, "=stdin", NULL);
    if (!repl_incomplete (L, status) || !repl_push_line (L, false))
      return status;
    H->rotate (L, -2, -1);  /* drop the error message */
    H->settop (L, -2);
    H->pushstring (L, "\n");
    H->rotate (L, -2, 1);
    H->concat (L, 3);
    code = H->tolstring (L, 1, &len);
  }
}

/* Read and compile one input; -1 at end of input.  Leaves the function (or
** the error message) alone on the stack. */
static int
repl_load (ElaraState *L)
{
  int status;
  const char *line;
  H->settop (L, 0);
  if (!repl_push_line (L, true))
    return -1;
  if ((status = repl_try_expression (L)) != ELARA_OK)
    status = repl_statement (L);
  line = H->tolstring (L, 1, NULL);
  if (line != NULL && line[0] != '\0' && rl_add_history != NULL)
    rl_add_history (line);
  H->rotate (L, 1, -1);
  H->settop (L, -2);
  return status;
}

/* Print every value on the stack with the global print. */
static void
repl_print (ElaraState *L)
{
  int n = H->gettop (L);
  if (n == 0)
    return;
  H->checkstack_ (L, ELARA_MINSTACK, "too many results to print");
  H->getglobal (L, "print");
  H->rotate (L, 1, 1);
  if (H->pcallk (L, n, 0, 0, 0, NULL) != ELARA_OK)
    print_message (progname,
                   H->pushfstring (L, "error calling 'print' (%s)",
                                   H->tolstring (L, -1, NULL)));
}

static void
repl (ElaraState *L)
{
  int status;
  const char *saved = progname;
  progname = NULL;  /* interactive errors carry no program name */
  repl_init_readline (L);
  while ((status = repl_load (L)) != -1) {
    if (status == ELARA_OK)
      status = do_call (L, 0, ELARA_MULTRET);
    if (status == ELARA_OK)
      repl_print (L);
    else
      report (L, status);
  }
  H->settop (L, 0);
  fputs ("\n", stdout);
  fflush (stdout);
  progname = saved;
}

/* -- Main ----------------------------------------------------------------- */

/* The line ends like the reference's banner ("... PUC-Rio"), which scripts
** and the official main.lua look for; it credits the language's authors. */
static void
print_version (void)
{
  printf ("Elara %s -- an implementation of Lua 5.5.0, "
          "the language of Lua.org, PUC-Rio\n", el_instance_version ());
  fflush (stdout);
}

/* Everything that may run Lua code, in protected mode: argument 1 is the
** Options.  Returns true when nothing failed. */
static int
run_main (ElaraState *L)
{
  Options *o = H->touserdata (L, 1);
  H->settop (L, 0);
  if (o->version)
    print_version ();
  create_arg_table (L, o->argv, o->argc, o->script);
  H->gc (L, ELARA_GCRESTART);
  H->gc (L, ELARA_GCGEN);  /* like lua: generational for scripts */
  if (!o->ignore_env && do_init (L) != ELARA_OK)
    return 0;
  if (!run_actions (L, o))
    return 0;
  if (o->script > 0 && do_script (L, o->argv + o->script) != ELARA_OK)
    return 0;
  if (o->interactive)
    repl (L);
  else if (o->script < 1 && !o->exec && !o->version && !has_listing (o)) {
    if (isatty (0)) {
      print_version ();
      repl (L);
    } else {
      do_file (L, NULL);  /* stdin as a file */
    }
  }
  H->pushboolean (L, 1);
  return 1;
}

static int
list_plugins (Options *o)
{
  const char *const *path = (const char *const *) o->plugin_path.v;
  ElPluginInfo *list;
  size_t i, n = el_plugin_list (path, o->ignore_env, &list);
  char **dirs = el_plugin_search_dirs (path, o->ignore_env);
  char **d;
  if (o->version)
    print_version ();
  printf ("%-16s %-9s %-8s %-4s %s\n", "NAME", "VERSION", "KIND", "ABI",
          "PATH");
  for (i = 0; i < n; i++) {
    ElPluginInfo *p = &list[i];
    if (p->problem == NULL) {
      char abi[32];
      snprintf (abi, sizeof abi, "%u.%u", p->abi_major, p->abi_minor);
      printf ("%-16s %-9s %-8s %-4s %s\n", p->name, p->version,
              el_plugin_kind_name (p->kind), abi, p->path);
    } else {
      printf ("%-16s %-9s %-8s %-4s %s\n", p->name, "?", "-", "-", p->path);
      printf ("  (unusable: %s)\n", p->problem);
    }
  }
  fputs ("search path: ", stdout);
  for (d = dirs; *d != NULL; d++)
    printf ("%s%s", d == dirs ? "" : ":", *d);
  fputs ("\n", stdout);
  fflush (stdout);
  el_plugin_dirs_free (dirs);
  el_plugin_list_free (list, n);
  return EXIT_SUCCESS;
}

static void
free_options (Options *o)
{
  size_t i;
  for (i = 0; i < o->plugins.len; i++)
    free (o->plugins.v[i]);
  free (o->plugins.v);
  free (o->plugin_path.v);
  free (o->actions);
}

int
main (int argc, char **argv)
{
  Options o = { 0 };
  ElInstanceConfig config;
  ElPluginError error = EL_PLUGIN_ERROR_INIT;
  ElaraState *L;
  OptStatus st;
  int bad = 0, status, ok, code;

  H = el_host_get ();
  if (argv[0] != NULL && argv[0][0] != '\0')
    progname = argv[0];
  el_plugin_set_warning_hook (loader_warning);
  el_host_set_log_hook (plugin_log);

  o.argc = argc;
  o.argv = argv;
  o.jit = EL_JIT_AUTO;
  o.actions = xrealloc (NULL, (size_t) (argc + 1) * sizeof *o.actions);
  strvec_add (&o.plugin_path, NULL);
  st = parse_args (&o, argv, &bad);
  if (st != OPT_OK) {
    print_usage (stderr, argv[bad], st);
    free_options (&o);
    return EXIT_FAILURE;
  }
  if (o.help) {
    print_usage (stdout, NULL, OPT_OK);
    free_options (&o);
    return EXIT_SUCCESS;
  }
  resolve_listings (&o);
  if (o.list_plugins) {
    code = list_plugins (&o);
    free_options (&o);
    return code;
  }

  el_instance_config_init (&config);
  config.plugin_path = (const char *const *) o.plugin_path.v;
  config.plugins = (const char *const *) o.plugins.v;  /* NULL: default */
  config.ignore_env = o.ignore_env;
  config.jit = o.jit;
  L = el_instance_new (&config);
  if (L == NULL) {
    print_message (progname, "cannot create state: not enough memory");
    free_options (&o);
    return EXIT_FAILURE;
  }
  if (!el_instance_load_plugins (L, &config, &error)) {
    print_message (progname, error.message);
    el_plugin_error_clear (&error);
    el_instance_free (L);
    free_options (&o);
    return EXIT_FAILURE;
  }

  H->gc (L, ELARA_GCSTOP);  /* no collection while the stage is set */
  H->pushcclosure (L, run_main, 0);
  H->pushlightuserdata (L, &o);
  status = H->pcallk (L, 1, 1, 0, 0, NULL);
  ok = H->toboolean (L, -1);
  report (L, status);
  el_instance_free (L);
  code = (ok && status == ELARA_OK) ? EXIT_SUCCESS : EXIT_FAILURE;
  free_options (&o);
  return code;
}
