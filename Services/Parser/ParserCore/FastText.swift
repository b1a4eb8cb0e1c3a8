/// Byte-level substring search on UTF-8 strings.
///
/// `String.contains(String)` goes through Foundation's Unicode-aware search on
/// Linux, which dominated profiles of the extractor; class names, attribute
/// values and vocabulary stems are ASCII, so a plain byte search is exact here.
extension String {
    @inline(__always)
    func has(_ needle: String) -> Bool {
        var haystack = self
        var pattern = needle
        return haystack.withUTF8 { h in
            pattern.withUTF8 { n in
                let hc = h.count
                let nc = n.count
                if nc == 0 { return true }
                if nc > hc { return false }
                let first = n[0]
                var i = 0
                let last = hc - nc
                while i <= last {
                    if h[i] == first {
                        var j = 1
                        while j < nc && h[i + j] == n[j] { j += 1 }
                        if j == nc { return true }
                    }
                    i += 1
                }
                return false
            }
        }
    }
}
