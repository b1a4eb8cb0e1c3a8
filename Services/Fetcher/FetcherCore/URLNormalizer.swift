import Foundation

/// One spelling per URL, so the same article listed by two feeds (or twice
/// in one) gets the same fetch job id and the broker keeps one copy:
/// lower-case scheme and host, no default port, no fragment, `/` for an
/// empty path, tracking parameters (`utm_*`, `fbclid`, `gclid`) dropped.
public enum URLNormalizer {
    static let trackingParameters: Set<String> = ["fbclid", "gclid", "dclid", "mc_cid", "mc_eid", "igshid", "ocid"]

    public static func normalize(_ text: String) -> String {
        guard var components = URLComponents(string: text.trimmingCharacters(in: .whitespacesAndNewlines)),
              let scheme = components.scheme?.lowercased() else { return text }
        components.scheme = scheme
        components.host = components.host?.lowercased()
        if (scheme == "http" && components.port == 80) || (scheme == "https" && components.port == 443) {
            components.port = nil
        }
        components.fragment = nil
        if components.percentEncodedPath.isEmpty, scheme == "http" || scheme == "https" {
            components.percentEncodedPath = "/"
        }
        if let items = components.percentEncodedQueryItems {
            let kept = items.filter { item in
                let name = item.name.lowercased()
                return !name.hasPrefix("utm_") && !trackingParameters.contains(name)
            }
            components.percentEncodedQueryItems = kept.isEmpty ? nil : kept
        }
        return components.string ?? text
    }

    /// The politeness key of a URL: its lower-cased host (`file` for files).
    public static func hostKey(_ text: String) -> String {
        guard let components = URLComponents(string: text) else { return "unknown" }
        if components.scheme?.lowercased() == "file" { return "file" }
        return components.host?.lowercased() ?? "unknown"
    }

    /// Resolves a link found in a document against the document's URL.
    public static func resolve(_ link: String, against base: String) -> String? {
        let trimmed = link.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { return nil }
        if let absolute = URL(string: trimmed), absolute.scheme != nil { return absolute.absoluteString }
        guard let baseURL = URL(string: base), let url = URL(string: trimmed, relativeTo: baseURL) else { return nil }
        return url.absoluteURL.absoluteString
    }
}
