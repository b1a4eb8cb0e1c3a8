import Shared

/// The tagger's BIO labels over people, organisations and places, and which
/// label may follow which: an I- label only continues a span of its own type.
enum NERLabel: Int, CaseIterable, Sendable {
    case outside = 0, beginPER, insidePER, beginORG, insideORG, beginLOC, insideLOC

    static let count = 7

    init?(bio: Substring) {
        switch bio {
        case "O": self = .outside
        case "B-PER": self = .beginPER
        case "I-PER": self = .insidePER
        case "B-ORG": self = .beginORG
        case "I-ORG": self = .insideORG
        case "B-LOC": self = .beginLOC
        case "I-LOC": self = .insideLOC
        default: return nil
        }
    }

    var isInside: Bool { self == .insidePER || self == .insideORG || self == .insideLOC }
    var isBegin: Bool { self == .beginPER || self == .beginORG || self == .beginLOC }

    /// The entity type of a B- or I- label.
    var type: Entity.EntityType? {
        switch self {
        case .outside: nil
        case .beginPER, .insidePER: .PER
        case .beginORG, .insideORG: .ORG
        case .beginLOC, .insideLOC: .LOC
        }
    }

    /// `next` may follow `self` (nil: sentence start) in a well-formed BIO sequence.
    static func allowed(from previous: NERLabel?, to next: NERLabel) -> Bool {
        guard next.isInside else { return true }
        guard let previous, previous != .outside else { return false }
        return previous.type == next.type
    }
}

extension NERLabel {
    /// A mention in a label sequence: token range and type.
    struct Span: Hashable {
        var first: Int, last: Int, type: Entity.EntityType
    }

    /// The mentions of a BIO label sequence: a B- label starts one, the I-
    /// labels of its type after it extend it.
    static func spans(_ labels: [NERLabel]) -> [Span] {
        var out: [Span] = []
        for (i, label) in labels.enumerated() {
            guard let type = label.type else { continue }
            if label.isInside, let last = out.last, last.last == i - 1, last.type == type {
                out[out.count - 1].last = i
            } else {
                out.append(Span(first: i, last: i, type: type))
            }
        }
        return out
    }
}
