import Foundation

/// Archives named on the command line, as URLs: files, folders searched
/// for archives, `.txt` lists of them, and http(s) URLs as given.
public enum ArchiveList {
    public static func expand(_ inputs: [String]) throws -> [String] {
        var urls: [String] = []
        for input in inputs {
            let lowered = input.lowercased()
            if lowered.hasPrefix("http://") || lowered.hasPrefix("https://") || lowered.hasPrefix("file://") {
                urls.append(input)
                continue
            }
            let url = URL(fileURLWithPath: input).standardizedFileURL
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else {
                throw FetchError.fileNotFound(input)
            }
            if isDirectory.boolValue {
                urls += archives(under: url)
            } else if lowered.hasSuffix(".txt") {
                let lines = try String(contentsOf: url, encoding: .utf8).split(whereSeparator: \.isNewline)
                urls += try expand(lines.map { $0.trimmingCharacters(in: .whitespaces) }
                    .filter { !$0.isEmpty && !$0.hasPrefix("#") })
            } else {
                urls.append(url.absoluteString)
            }
        }
        return urls
    }

    public static func isArchive(_ path: String) -> Bool {
        let lowered = path.lowercased()
        return lowered.hasSuffix(".warc") || lowered.hasSuffix(".warc.gz")
    }

    private static func archives(under folder: URL) -> [String] {
        let files = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil)?
            .compactMap { $0 as? URL } ?? []
        return files.filter { isArchive($0.path) }.map(\.standardizedFileURL.absoluteString).sorted()
    }
}
