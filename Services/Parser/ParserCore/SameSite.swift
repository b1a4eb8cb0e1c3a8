import Foundation

/// Decides whether a URL a page names for itself (canonical link, `og:url`,
/// JSON-LD `url`) belongs to the site the page was fetched from.
///
/// Storage keys articles by canonical URL, so a page that could name any URL
/// as its canonical one could overwrite another site's stored article. Only
/// URLs on the same registrable domain as the fetched URL are believed.
enum SameSite {
    /// Second-level labels under which country-code domains are registered
    /// (`bbc.co.uk`, `abc.net.au`, `folha.com.br`): a shortened form of the
    /// public-suffix rule that needs no list of names.
    static let secondLevelLabels: Set<String> = [
        "co", "com", "net", "org", "gov", "edu", "ac", "ne", "or", "go", "gob", "nic", "mil", "ltd", "plc", "sch",
        "nom", "info", "biz", "gen", "web", "int", "in", "ind", "res", "blog", "news", "press", "tv",
    ]

    /// The registrable domain of a host: its last two labels, or three under
    /// a two-letter country code with a generic second level. IP addresses and
    /// single-label hosts are their own domain.
    static func registrableDomain(_ host: String) -> String {
        var host = host.lowercased()
        while host.hasSuffix(".") { host.removeLast() }
        let labels = host.split(separator: ".").map(String.init)
        guard labels.count > 2, !labels.allSatisfy({ Int($0) != nil }), !host.contains(":") else { return host }
        let last = labels[labels.count - 1]
        let second = labels[labels.count - 2]
        let keep = last.count == 2 && secondLevelLabels.contains(second) ? 3 : 2
        return labels.suffix(keep).joined(separator: ".")
    }

    /// Whether `candidate` (absolute, http or https) lies on the registrable domain of `fetched`.
    static func isSameSite(_ candidate: String, as fetched: String) -> Bool {
        guard let c = URLComponents(string: candidate), let f = URLComponents(string: fetched),
            let scheme = c.scheme?.lowercased(), scheme == "http" || scheme == "https",
            let cHost = c.host, !cHost.isEmpty, let fHost = f.host, !fHost.isEmpty
        else { return false }
        return registrableDomain(cHost) == registrableDomain(fHost)
    }
}
