package io.wharf.networks.dns;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The little of RFC 1035 the embedded DNS needs: reading the question of a query and writing answers. Reading
 * never throws anything but {@link FormatError}, whatever the bytes.
 */
public final class DnsMessage {
    public static final int TYPE_A = 1;
    public static final int TYPE_PTR = 12;
    public static final int TYPE_AAAA = 28;
    public static final int TYPE_ANY = 255;
    public static final int CLASS_IN = 1;
    public static final int NOERROR = 0;
    public static final int FORMERR = 1;
    public static final int SERVFAIL = 2;
    public static final int NXDOMAIN = 3;
    public static final int NOTIMP = 4;
    public static final int REFUSED = 5;
    /** Answers over UDP without EDNS must fit in 512 bytes. */
    public static final int UDP_LIMIT = 512;
    static final int HEADER = 12;
    private static final int QR = 0x8000;
    private static final int AA = 0x0400;
    private static final int TC = 0x0200;
    private static final int RD = 0x0100;
    private static final int RA = 0x0080;

    private DnsMessage() {
    }

    /** A query's single question; {@code question} holds its raw bytes, which answers repeat. */
    public record Query(int id, int flags, String name, int type, int qclass, byte[] question) {
        boolean recursionDesired() {
            return (flags & RD) != 0;
        }
    }

    /** A packet that deserves an error answer: FORMERR or NOTIMP with the packet's ID. */
    public static final class FormatError extends Exception {
        private static final long serialVersionUID = 1L;
        private final int rcode;

        FormatError(int rcode, String message) {
            super(message, null, false, false);
            this.rcode = rcode;
        }

        public int rcode() {
            return rcode;
        }
    }

    /**
     * Reads a query. Null when the packet deserves no answer at all (shorter than a header, or a response).
     */
    public static Query parse(byte[] m, int len) throws FormatError {
        if (m == null || len < HEADER || len > m.length) {
            return null;
        }
        int flags = u16(m, 2);
        if ((flags & QR) != 0) {
            return null;
        }
        int opcode = flags >> 11 & 0xf;
        if (opcode != 0) {
            throw new FormatError(NOTIMP, "opcode " + opcode);
        }
        if (u16(m, 4) != 1) {
            throw new FormatError(FORMERR, "expected exactly one question");
        }
        StringBuilder name = new StringBuilder();
        int p = HEADER;
        while (true) {
            if (p >= len) {
                throw new FormatError(FORMERR, "truncated name");
            }
            int labelLength = m[p++] & 0xff;
            if (labelLength == 0) {
                break;
            }
            if (labelLength > 63) {
                // compression pointers (and the reserved label types) have no place in a query's question
                throw new FormatError(FORMERR, "unexpected label type");
            }
            if (p + labelLength > len || name.length() + labelLength + 1 > 255) {
                throw new FormatError(FORMERR, "bad label");
            }
            if (name.length() > 0) {
                name.append('.');
            }
            name.append(new String(m, p, labelLength, StandardCharsets.ISO_8859_1));
            p += labelLength;
        }
        if (p + 4 > len) {
            throw new FormatError(FORMERR, "truncated question");
        }
        int type = u16(m, p);
        int qclass = u16(m, p + 2);
        p += 4;
        byte[] question = new byte[p - HEADER];
        System.arraycopy(m, HEADER, question, 0, question.length);
        return new Query(u16(m, 0), flags, name.toString().toLowerCase(Locale.ROOT), type, qclass, question);
    }

    /** An answer without question for a packet that could not be read: only its ID and the error code. */
    public static byte[] error(byte[] m, int len, int rcode) {
        ByteBuffer b = ByteBuffer.allocate(HEADER);
        int id = len >= 2 ? u16(m, 0) : 0;
        int flags = len >= 4 ? u16(m, 2) : 0;
        b.putShort((short) id);
        b.putShort((short) (QR | flags & 0x7800 | flags & RD | RA | rcode));
        b.putShort((short) 0).putShort((short) 0).putShort((short) 0).putShort((short) 0);
        return b.array();
    }

    /** An answer with no records: NOERROR (the name exists without records of that type), SERVFAIL, ... */
    public static byte[] empty(Query q, int rcode) {
        return build(q, rcode, false, List.of(), Integer.MAX_VALUE);
    }

    /** A records for the question's name, truncated (TC) when they do not fit {@code limit} bytes. */
    public static byte[] addresses(Query q, List<Integer> ipv4, int ttl, int limit) {
        List<byte[]> records = new ArrayList<>();
        for (int a : ipv4) {
            ByteBuffer r = ByteBuffer.allocate(16);
            r.putShort((short) 0xc00c); // the name: a pointer to the question's
            r.putShort((short) TYPE_A).putShort((short) CLASS_IN).putInt(ttl).putShort((short) 4).putInt(a);
            records.add(r.array());
        }
        return build(q, NOERROR, true, records, limit);
    }

    /** AAAA records for the question's name, truncated (TC) when they do not fit {@code limit} bytes. */
    public static byte[] ipv6Addresses(Query q, List<byte[]> ipv6, int ttl, int limit) {
        List<byte[]> records = new ArrayList<>();
        for (byte[] a : ipv6) {
            ByteBuffer r = ByteBuffer.allocate(28);
            r.putShort((short) 0xc00c);
            r.putShort((short) TYPE_AAAA).putShort((short) CLASS_IN).putInt(ttl).putShort((short) 16).put(a);
            records.add(r.array());
        }
        return build(q, NOERROR, true, records, limit);
    }

    /** A PTR record pointing at {@code target} (a dotted name). */
    public static byte[] pointer(Query q, String target, int ttl) {
        byte[] name = encodeName(target);
        ByteBuffer r = ByteBuffer.allocate(12 + name.length);
        r.putShort((short) 0xc00c).putShort((short) TYPE_PTR).putShort((short) CLASS_IN).putInt(ttl);
        r.putShort((short) name.length).put(name);
        return build(q, NOERROR, true, List.of(r.array()), Integer.MAX_VALUE);
    }

    /** A name in wire format (labels, then the root's zero byte). */
    static byte[] encodeName(String name) {
        ByteBuffer b = ByteBuffer.allocate(name.length() + 2);
        for (String label : name.split("\\.")) {
            if (label.isEmpty()) {
                continue;
            }
            byte[] l = label.getBytes(StandardCharsets.ISO_8859_1);
            int n = Math.min(l.length, 63);
            b.put((byte) n).put(l, 0, n);
        }
        b.put((byte) 0);
        byte[] out = new byte[b.position()];
        System.arraycopy(b.array(), 0, out, 0, out.length);
        return out;
    }

    private static byte[] build(Query q, int rcode, boolean authoritative, List<byte[]> records, int limit) {
        int size = HEADER + q.question().length;
        int count = 0;
        boolean truncated = false;
        for (byte[] r : records) {
            if (size + r.length > limit) {
                truncated = true;
                break;
            }
            size += r.length;
            count++;
        }
        ByteBuffer b = ByteBuffer.allocate(size);
        int flags = QR | q.flags() & RD | RA | rcode | (authoritative ? AA : 0) | (truncated ? TC : 0);
        b.putShort((short) q.id()).putShort((short) flags);
        b.putShort((short) 1).putShort((short) count).putShort((short) 0).putShort((short) 0);
        b.put(q.question());
        for (int i = 0; i < count; i++) {
            b.put(records.get(i));
        }
        return b.array();
    }

    /** The 16-bit ID of a message (0 for a fragment). */
    public static int id(byte[] m, int len) {
        return len >= 2 ? u16(m, 0) : 0;
    }

    public static int rcode(byte[] m) {
        return m.length >= 4 ? m[3] & 0xf : -1;
    }

    public static int answerCount(byte[] m) {
        return m.length >= 8 ? u16(m, 6) : 0;
    }

    static int u16(byte[] m, int at) {
        return (m[at] & 0xff) << 8 | m[at + 1] & 0xff;
    }
}
