@testable import EnricherCore
import Shared

/// Typed mentions of a text as a recogniser would give them: every
/// occurrence of each name (longest names first, no overlaps), with
/// Unicode-scalar offsets.
func typedMentions(_ text: String, _ names: [(String, Entity.EntityType)]) -> [EntitySpan] {
    let scalars = Array(text.unicodeScalars)
    var spans: [EntitySpan] = []
    var taken = [Bool](repeating: false, count: scalars.count)
    for (name, type) in names.sorted(by: { $0.0.unicodeScalars.count > $1.0.unicodeScalars.count }) {
        let needle = Array(name.unicodeScalars)
        var i = 0
        while i + needle.count <= scalars.count {
            let before = i == 0 || !scalars[i - 1].properties.isAlphabetic
            let after = i + needle.count == scalars.count || !scalars[i + needle.count].properties.isAlphabetic
            if before && after && Array(scalars[i..<(i + needle.count)]) == needle
                && !taken[i..<(i + needle.count)].contains(true)
            {
                for k in i..<(i + needle.count) { taken[k] = true }
                spans.append(EntitySpan(start: i, end: i + needle.count, type: type, text: name))
                i += needle.count
            } else {
                i += 1
            }
        }
    }
    return spans.sorted { $0.start < $1.start }
}
