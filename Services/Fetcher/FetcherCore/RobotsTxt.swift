import Foundation

/// A parsed robots.txt (RFC 9309): the groups for our agent, or the `*`
/// groups when none names us, with longest-match precedence and Allow
/// winning ties. Patterns support `*` and a trailing `$`.
public struct RobotsTxt: Sendable, Equatable {
    public struct Rule: Sendable, Equatable {
        public var allow: Bool
        public var pattern: String
    }

    struct Group: Sendable, Equatable {
        var agents: [String]
        var rules: [Rule]
        var crawlDelay: Double?
    }

    let groups: [Group]

    /// Everything allowed (robots.txt missing, 4xx).
    public static let allowAll = RobotsTxt(groups: [])

    init(groups: [Group]) { self.groups = groups }

    public init(parsing text: String) {
        var groups: [Group] = []
        var current: Group?
        var lastWasAgent = false
        for rawLine in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r" }) {
            let line = rawLine.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
            guard let colon = line.firstIndex(of: ":") else { continue }
            let field = line[..<colon].trimmingCharacters(in: .whitespaces).lowercased()
            let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            switch field {
            case "user-agent":
                if lastWasAgent, current != nil {
                    current!.agents.append(value.lowercased())
                } else {
                    if let finished = current { groups.append(finished) }
                    current = Group(agents: [value.lowercased()], rules: [])
                }
                lastWasAgent = true
            case "allow", "disallow":
                lastWasAgent = false
                // An empty Disallow means "nothing disallowed"; an empty Allow says nothing.
                guard !value.isEmpty else { continue }
                current?.rules.append(Rule(allow: field == "allow", pattern: value))
            case "crawl-delay":
                lastWasAgent = false
                current?.crawlDelay = Double(value)
            default:
                // Sitemap and unknown lines do not end a group's agent list (RFC 9309 2.2.4).
                continue
            }
        }
        if let finished = current { groups.append(finished) }
        self.groups = groups
    }

    /// The rules that apply to `agent`: every group naming it, else every `*` group.
    public func rules(for agent: String) -> [Rule] {
        let token = agent.lowercased()
        let named = groups.filter { $0.agents.contains { $0 == token } }
        let chosen = named.isEmpty ? groups.filter { $0.agents.contains("*") } : named
        return chosen.flatMap(\.rules)
    }

    public func crawlDelay(for agent: String) -> Double? {
        let token = agent.lowercased()
        let named = groups.filter { $0.agents.contains { $0 == token } }
        return (named.isEmpty ? groups.filter { $0.agents.contains("*") } : named).compactMap(\.crawlDelay).first
    }

    /// Whether `agent` may fetch `pathAndQuery` (starting with `/`).
    public func isAllowed(_ pathAndQuery: String, agent: String) -> Bool {
        let path = pathAndQuery.isEmpty ? "/" : pathAndQuery
        if path == "/robots.txt" { return true }
        var best: (length: Int, allow: Bool)?
        for rule in rules(for: agent) where Self.matches(rule.pattern, path) {
            let length = rule.pattern.utf8.count
            if let current = best {
                if length > current.length || (length == current.length && rule.allow && !current.allow) {
                    best = (length, rule.allow)
                }
            } else {
                best = (length, rule.allow)
            }
        }
        return best?.allow ?? true
    }

    /// Glob match of a robots pattern against a path: `*` is any run of
    /// characters, a final `$` anchors the end, otherwise a prefix match.
    static func matches(_ pattern: String, _ path: String) -> Bool {
        var pattern = Array(pattern.utf8)
        let anchored = pattern.last == UInt8(ascii: "$")
        if anchored { pattern.removeLast() }
        let text = Array(path.utf8)
        // Iterative wildcard matching with backtracking to the last `*`.
        var p = 0, t = 0
        var star = -1, starText = 0
        while t < text.count {
            if p < pattern.count, pattern[p] == UInt8(ascii: "*") {
                star = p; starText = t; p += 1
            } else if p < pattern.count, pattern[p] == text[t] {
                p += 1; t += 1
            } else if p == pattern.count, !anchored {
                return true
            } else if star >= 0 {
                p = star + 1; starText += 1; t = starText
            } else {
                return false
            }
        }
        while p < pattern.count, pattern[p] == UInt8(ascii: "*") { p += 1 }
        return p == pattern.count
    }
}
