/*
 * Sends one UDP datagram as a raw Ethernet frame, so that the sender's own routing table has no say:
 *   udp-to-mac IFACE DEST_MAC DEST_IP DEST_PORT MESSAGE
 * The source address is IFACE's own IPv4 address. Needs CAP_NET_RAW. Used by the end-to-end tests to play a
 * container that addresses the host's loopback through its gateway (the CVE-2020-8558 class).
 */
#include <arpa/inet.h>
#include <linux/if_packet.h>
#include <net/ethernet.h>
#include <net/if.h>
#include <netinet/ip.h>
#include <netinet/udp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

static unsigned short checksum(const void *data, size_t length) {
    const unsigned short *words = data;
    unsigned long sum = 0;
    for (; length > 1; length -= 2) {
        sum += *words++;
    }
    if (length == 1) {
        sum += *(const unsigned char *) words;
    }
    while (sum >> 16) {
        sum = (sum & 0xffff) + (sum >> 16);
    }
    return (unsigned short) ~sum;
}

int main(int argc, char **argv) {
    if (argc != 6) {
        fprintf(stderr, "usage: %s IFACE DEST_MAC DEST_IP DEST_PORT MESSAGE\n", argv[0]);
        return 2;
    }
    const char *message = argv[5];
    size_t message_length = strlen(message);
    int fd = socket(AF_PACKET, SOCK_DGRAM, htons(ETH_P_IP));
    if (fd < 0) {
        perror("socket(AF_PACKET)");
        return 1;
    }
    struct ifreq request;
    memset(&request, 0, sizeof request);
    strncpy(request.ifr_name, argv[1], IFNAMSIZ - 1);
    if (ioctl(fd, SIOCGIFADDR, &request) < 0) {
        perror("SIOCGIFADDR");
        return 1;
    }
    struct in_addr source = ((struct sockaddr_in *) &request.ifr_addr)->sin_addr;

    unsigned char packet[1500];
    size_t total = sizeof(struct iphdr) + sizeof(struct udphdr) + message_length;
    if (total > sizeof packet) {
        fprintf(stderr, "message too long\n");
        return 2;
    }
    memset(packet, 0, sizeof packet);
    struct iphdr *ip = (struct iphdr *) packet;
    ip->version = 4;
    ip->ihl = 5;
    ip->ttl = 64;
    ip->protocol = IPPROTO_UDP;
    ip->tot_len = htons((unsigned short) total);
    ip->saddr = source.s_addr;
    if (inet_pton(AF_INET, argv[3], &ip->daddr) != 1) {
        fprintf(stderr, "bad address %s\n", argv[3]);
        return 2;
    }
    ip->check = checksum(ip, sizeof *ip);
    struct udphdr *udp = (struct udphdr *) (packet + sizeof *ip);
    udp->source = htons(40000);
    udp->dest = htons((unsigned short) atoi(argv[4]));
    udp->len = htons((unsigned short) (sizeof *udp + message_length));
    udp->check = 0; /* optional for UDP over IPv4 */
    memcpy(packet + sizeof *ip + sizeof *udp, message, message_length);

    struct sockaddr_ll to;
    memset(&to, 0, sizeof to);
    to.sll_family = AF_PACKET;
    to.sll_protocol = htons(ETH_P_IP);
    to.sll_ifindex = (int) if_nametoindex(argv[1]);
    to.sll_halen = ETH_ALEN;
    if (to.sll_ifindex == 0 || sscanf(argv[2], "%hhx:%hhx:%hhx:%hhx:%hhx:%hhx", &to.sll_addr[0], &to.sll_addr[1],
            &to.sll_addr[2], &to.sll_addr[3], &to.sll_addr[4], &to.sll_addr[5]) != 6) {
        fprintf(stderr, "bad interface %s or MAC %s\n", argv[1], argv[2]);
        return 2;
    }
    if (sendto(fd, packet, total, 0, (struct sockaddr *) &to, sizeof to) < 0) {
        perror("sendto");
        return 1;
    }
    printf("sent %zu bytes from %s\n", total, inet_ntoa(source));
    return 0;
}
