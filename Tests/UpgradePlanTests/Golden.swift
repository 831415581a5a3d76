import Foundation
import Testing

/// Golden files: compares rendered output with `Golden/<name>` byte for byte.
///
/// On a mismatch the test fails naming the first differing line and writing the actual output next to the temp
/// directory for `diff`; `UPDATE_GOLDEN=1 swift test --filter GoldenTests` rewrites the golden files instead.
enum Golden {
    /// The directory holding the golden files (in the source tree, so regenerating edits the checked-in files).
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")

    /// Expects `actual` to equal the golden file `name`, or rewrites it when `UPDATE_GOLDEN=1`.
    static func check(_ actual: String, named name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let url = directory.appendingPathComponent(name)
        if ProcessInfo.processInfo.environment["UPDATE_GOLDEN"] == "1" {
            try actual.write(to: url, atomically: true, encoding: .utf8)
            return
        }
        guard let expected = try? String(contentsOf: url, encoding: .utf8) else {
            Issue.record("golden file \(url.path) is missing; run UPDATE_GOLDEN=1 swift test --filter GoldenTests",
                         sourceLocation: sourceLocation)
            return
        }
        guard expected != actual else { return }
        let actualURL = FileManager.default.temporaryDirectory.appendingPathComponent("\(name).actual")
        try? actual.write(to: actualURL, atomically: true, encoding: .utf8)
        Issue.record(Comment(rawValue: mismatch(expected: expected, actual: actual, name: name,
                                                actualPath: actualURL.path, goldenPath: url.path)),
                     sourceLocation: sourceLocation)
    }

    /// A message naming the first differing line, both versions of it, and how to diff or accept the change.
    static func mismatch(expected: String, actual: String, name: String, actualPath: String,
                         goldenPath: String) -> String {
        let old = expected.components(separatedBy: "\n"), new = actual.components(separatedBy: "\n")
        let line = (0..<min(old.count, new.count)).first { old[$0] != new[$0] } ?? min(old.count, new.count)
        let was = line < old.count ? old[line] : "<end of file>"
        let now = line < new.count ? new[line] : "<end of file>"
        return """
            golden \(name) differs at line \(line + 1):
              expected: \(was)
              actual:   \(now)
            diff: diff -u \(goldenPath) \(actualPath)
            accept: UPDATE_GOLDEN=1 swift test --filter GoldenTests
            """
    }
}
