/*
** maxrss.c: run a command and report its peak resident set size and CPU
** time, as the kernel accounts them for that process alone.
** SPDX-License-Identifier: MIT
**
** usage: maxrss OUTFILE COMMAND [ARG...]
**
** Writes one line "<maxrss KiB> <user s> <sys s> <own maxrss KiB>" to
** OUTFILE once COMMAND has ended, and exits with COMMAND's status (128 + the
** signal number when a signal ended it).  bench/run.py compiles it on first
** use.
**
** Why a helper: on Linux a child's ru_maxrss also counts the resident
** pages of the process it was forked from, until it calls exec.  Forked
** from the Python runner (~10 MiB), every small program would read as
** 10 MiB; polling /proc/PID/status instead misses whatever the program
** touches in its last milliseconds (printing its result, exit).  Forked
** from this small program, ru_maxrss is the program's own peak, unless the
** program stays below this helper's own peak (the last field), which the
** runner checks.
*/
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

int
main (int argc, char **argv)
{
  struct rusage ru, self;
  pid_t pid;
  int status;
  FILE *out;
  if (argc < 3) {
    fprintf (stderr, "usage: maxrss OUTFILE COMMAND [ARG...]\n");
    return 2;
  }
  pid = fork ();
  if (pid < 0) {
    perror ("maxrss: fork");
    return 2;
  }
  if (pid == 0) {
    execvp (argv[2], argv + 2);
    fprintf (stderr, "maxrss: cannot run %s: %s\n", argv[2], strerror (errno));
    _exit (127);
  }
  while (wait4 (pid, &status, 0, &ru) < 0) {
    if (errno != EINTR) {
      perror ("maxrss: wait4");
      return 2;
    }
  }
  getrusage (RUSAGE_SELF, &self);
  out = fopen (argv[1], "w");
  if (out == NULL) {
    perror ("maxrss: output file");
    return 2;
  }
  fprintf (out, "%ld %ld.%06ld %ld.%06ld %ld\n", ru.ru_maxrss,
           (long) ru.ru_utime.tv_sec, (long) ru.ru_utime.tv_usec,
           (long) ru.ru_stime.tv_sec, (long) ru.ru_stime.tv_usec,
           self.ru_maxrss);
  fclose (out);
  if (WIFSIGNALED (status))
    return 128 + WTERMSIG (status);
  return WEXITSTATUS (status);
}
