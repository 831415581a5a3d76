import Foundation
import Testing
import UpgradePlan

/// SHA-256 against an independent implementation (Python's hashlib) for every length around the padding's
/// boundaries: 0 to 200 bytes covers a tail of 55 (one padded block), 56 to 63 (two) and whole blocks.
@Suite("SHA-256 at the padding boundaries", .enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/python3")))
struct SHA256BoundaryTests {
    @Test func everyLengthFrom0To200MatchesHashlib() throws {
        let inputs = (0...200).map { length in (0..<length).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ length) } }
        let python = Process()
        python.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        python.arguments = ["-c", """
            import hashlib, sys
            for line in sys.stdin:
                print(hashlib.sha256(bytes.fromhex(line.strip())).hexdigest())
            """]
        let input = Pipe()
        let output = Pipe()
        python.standardInput = input
        python.standardOutput = output
        try python.run()
        let hex = inputs.map { bytes in bytes.map { String(format: "%02x", $0) }.joined() }.joined(separator: "\n")
        input.fileHandleForWriting.write(Data((hex + "\n").utf8))
        try input.fileHandleForWriting.close()
        let expected = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            .split(separator: "\n").map(String.init)
        python.waitUntilExit()
        #expect(expected.count == inputs.count)
        for (bytes, want) in zip(inputs, expected) {
            let got = SHA256.digest(bytes).map { String(format: "%02x", $0) }.joined()
            #expect(got == want, "length \(bytes.count)")
        }
    }
}
