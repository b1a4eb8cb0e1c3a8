import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Decides whether a host may be fetched by what it resolves to, not by how
/// it is spelled: `localhost`, `127.1`, `0x7f000001` and a public-looking
/// name pointing at 10.0.0.5 are all refused unless private addresses are
/// allowed. This keeps a feed (or a redirect) from turning the fetcher into a
/// probe of the network it runs in.
///
/// The check runs before each request and each redirect hop. The HTTP client
/// resolves the name again when it connects, so a DNS answer that changes in
/// between (rebinding) is not caught; pinning the address would need a custom
/// resolver in the client.
public enum AddressPolicy {
    /// The addresses `host` resolves to, as text. Runs getaddrinfo off the
    /// cooperative thread pool, since it blocks.
    public static func resolve(_ host: String) async throws -> [String] {
        let name = host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host
        return try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(with: Result { try resolveBlocking(name) })
            }
        }
    }

    static func resolveBlocking(_ host: String) throws -> [String] {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        #if canImport(Glibc)
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        #else
        hints.ai_socktype = SOCK_STREAM
        #endif
        var result: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(host, nil, &hints, &result) == 0, let first = result else {
            throw FetchError.unresolvableHost(host)
        }
        defer { freeaddrinfo(first) }
        var addresses: [String] = []
        var cursor: UnsafeMutablePointer<addrinfo>? = first
        while let info = cursor {
            if let text = numericHost(info.pointee.ai_addr, length: info.pointee.ai_addrlen) {
                if !addresses.contains(text) { addresses.append(text) }
            }
            cursor = info.pointee.ai_next
        }
        if addresses.isEmpty { throw FetchError.unresolvableHost(host) }
        return addresses
    }

    private static func numericHost(_ address: UnsafeMutablePointer<sockaddr>?, length: socklen_t) -> String? {
        guard let address else { return nil }
        var buffer = [CChar](repeating: 0, count: Int(NI_MAXHOST))
        guard getnameinfo(address, length, &buffer, socklen_t(buffer.count), nil, 0, NI_NUMERICHOST) == 0 else {
            return nil
        }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// True for addresses that are not on the public internet: loopback,
    /// RFC 1918 private, carrier-grade NAT, link-local, unique-local,
    /// unspecified, multicast, reserved and documentation ranges.
    public static func isNonPublic(_ address: String) -> Bool {
        let bare = address.split(separator: "%").first.map(String.init) ?? address  // drop an IPv6 zone
        var v4 = in_addr()
        if inet_pton(AF_INET, bare, &v4) == 1 {
            return isNonPublicIPv4(UInt32(bigEndian: v4.s_addr))
        }
        var v6 = in6_addr()
        guard inet_pton(AF_INET6, bare, &v6) == 1 else { return true }  // unparseable: refuse
        let b = withUnsafeBytes(of: &v6) { Array($0) }
        if b[0..<15].allSatisfy({ $0 == 0 }) { return true }                      // :: and ::1
        if b[0..<10].allSatisfy({ $0 == 0 }) && b[10] == 0xFF && b[11] == 0xFF {  // ::ffff:a.b.c.d
            return isNonPublicIPv4(UInt32(b[12]) << 24 | UInt32(b[13]) << 16 | UInt32(b[14]) << 8 | UInt32(b[15]))
        }
        if b[0] == 0x00, b[1] == 0x64, b[2] == 0xFF, b[3] == 0x9B, b[4..<12].allSatisfy({ $0 == 0 }) {  // NAT64
            return isNonPublicIPv4(UInt32(b[12]) << 24 | UInt32(b[13]) << 16 | UInt32(b[14]) << 8 | UInt32(b[15]))
        }
        if b[0] & 0xFE == 0xFC { return true }                 // fc00::/7 unique local
        if b[0] == 0xFE && b[1] & 0xC0 == 0x80 { return true } // fe80::/10 link-local
        if b[0] == 0xFE && b[1] & 0xC0 == 0xC0 { return true } // fec0::/10 site-local (deprecated)
        if b[0] == 0xFF { return true }                        // multicast
        if b[0] == 0x20, b[1] == 0x01, b[2] == 0x0D, b[3] == 0xB8 { return true }  // 2001:db8::/32
        return false
    }

    static func isNonPublicIPv4(_ a: UInt32) -> Bool {
        func inRange(_ base: UInt32, _ bits: UInt32) -> Bool {
            let mask: UInt32 = bits == 0 ? 0 : ~UInt32(0) << (32 - bits)
            return a & mask == base & mask
        }
        let ranges: [(UInt32, UInt32)] = [
            (0x0000_0000, 8),   // 0.0.0.0/8 "this network"
            (0x0A00_0000, 8),   // 10/8
            (0x6440_0000, 10),  // 100.64/10 carrier-grade NAT
            (0x7F00_0000, 8),   // 127/8 loopback
            (0xA9FE_0000, 16),  // 169.254/16 link-local (cloud metadata lives here)
            (0xAC10_0000, 12),  // 172.16/12
            (0xC000_0000, 24),  // 192.0.0/24 IETF protocol assignments
            (0xC000_0200, 24),  // 192.0.2/24 documentation
            (0xC0A8_0000, 16),  // 192.168/16
            (0xC612_0000, 15),  // 198.18/15 benchmarking
            (0xC633_6400, 24),  // 198.51.100/24 documentation
            (0xCB00_7100, 24),  // 203.0.113/24 documentation
            (0xE000_0000, 4),   // 224/4 multicast
            (0xF000_0000, 4),   // 240/4 reserved and broadcast
        ]
        return ranges.contains { inRange($0.0, $0.1) }
    }

    /// Throws `FetchError.refusedAddress` when any address of `host` is non-public.
    public static func check(host: String, allowPrivate: Bool) async throws {
        guard !allowPrivate else { return }
        for address in try await resolve(host) where isNonPublic(address) {
            throw FetchError.refusedAddress(host: host, address: address)
        }
    }
}
