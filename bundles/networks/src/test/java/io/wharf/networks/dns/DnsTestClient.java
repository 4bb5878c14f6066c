package io.wharf.networks.dns;

import io.wharf.support.Ipv6;
import java.math.BigInteger;
import java.util.Arrays;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Builds queries and reads answers for the DNS tests; talks only to 127.0.0.x. */
final class DnsTestClient {
    private DnsTestClient() {
    }

    static byte[] query(int id, String name, int type) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteBuffer header = ByteBuffer.allocate(12);
        header.putShort((short) id).putShort((short) 0x0100).putShort((short) 1).putShort((short) 0)
                .putShort((short) 0).putShort((short) 0);
        out.writeBytes(header.array());
        for (String label : name.split("\\.")) {
            byte[] l = label.getBytes(StandardCharsets.US_ASCII);
            out.write(l.length);
            out.writeBytes(l);
        }
        out.write(0);
        out.write(type >> 8);
        out.write(type);
        out.write(0);
        out.write(1);
        return out.toByteArray();
    }

    /** Sends over UDP from {@code from} (null: any local address); null when nothing came back in time. */
    static byte[] udp(InetSocketAddress server, byte[] query, String from, int timeoutMillis) throws IOException {
        try (DatagramSocket s = from == null ? new DatagramSocket()
                : new DatagramSocket(new InetSocketAddress(InetAddress.getByName(from), 0))) {
            s.setSoTimeout(timeoutMillis);
            s.send(new DatagramPacket(query, query.length, server));
            byte[] buf = new byte[65535];
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            try {
                s.receive(p);
            } catch (SocketTimeoutException e) {
                return null;
            }
            byte[] answer = new byte[p.getLength()];
            System.arraycopy(buf, 0, answer, 0, answer.length);
            return answer;
        }
    }

    static byte[] tcp(InetSocketAddress server, byte[] query) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(server, 2000);
            s.setSoTimeout(5000);
            DataOutputStream out = new DataOutputStream(s.getOutputStream());
            out.writeShort(query.length);
            out.write(query);
            out.flush();
            DataInputStream in = new DataInputStream(s.getInputStream());
            byte[] answer = new byte[in.readUnsignedShort()];
            in.readFully(answer);
            return answer;
        }
    }

    /** The addresses of the A and AAAA records of an answer to a one-question query. */
    static List<String> addresses(byte[] answer) {
        List<String> out = new ArrayList<>();
        int p = 12;
        while (answer[p] != 0) {
            p += (answer[p] & 0xff) + 1;
        }
        p += 5;
        int count = DnsMessage.answerCount(answer);
        for (int i = 0; i < count; i++) {
            p += 2; // name pointer
            int type = DnsMessage.u16(answer, p);
            int length = DnsMessage.u16(answer, p + 8);
            p += 10;
            if (type == DnsMessage.TYPE_A) {
                out.add((answer[p] & 0xff) + "." + (answer[p + 1] & 0xff) + "." + (answer[p + 2] & 0xff) + "."
                        + (answer[p + 3] & 0xff));
            } else if (type == DnsMessage.TYPE_AAAA) {
                out.add(Ipv6.format(new BigInteger(1, Arrays.copyOfRange(answer, p, p + 16))));
            }
            p += length;
        }
        return out;
    }
}
