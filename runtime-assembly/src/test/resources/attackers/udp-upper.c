/*
 * Not an attacker: a UDP server for the published-port tests, which busybox lacks. Answers each datagram to
 * its sender, upper-cased, on IPv4 and IPv6 (one dual-stack socket). Usage: udp-upper PORT
 */
#include <ctype.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

int main(int argc, char **argv) {
    if (argc != 2) {
        fprintf(stderr, "usage: %s PORT\n", argv[0]);
        return 2;
    }
    int s = socket(AF_INET6, SOCK_DGRAM, 0);
    int off = 0;
    setsockopt(s, IPPROTO_IPV6, IPV6_V6ONLY, &off, sizeof off);
    struct sockaddr_in6 address;
    memset(&address, 0, sizeof address);
    address.sin6_family = AF_INET6;
    address.sin6_port = htons(atoi(argv[1]));
    address.sin6_addr = in6addr_any;
    if (s < 0 || bind(s, (struct sockaddr *) &address, sizeof address) != 0) {
        perror("bind");
        return 1;
    }
    for (;;) {
        char buffer[2048];
        struct sockaddr_storage peer;
        socklen_t length = sizeof peer;
        ssize_t n = recvfrom(s, buffer, sizeof buffer, 0, (struct sockaddr *) &peer, &length);
        if (n < 0) {
            perror("recvfrom");
            return 1;
        }
        for (ssize_t i = 0; i < n; i++) {
            buffer[i] = (char) toupper((unsigned char) buffer[i]);
        }
        sendto(s, buffer, (size_t) n, 0, (struct sockaddr *) &peer, length);
    }
}
