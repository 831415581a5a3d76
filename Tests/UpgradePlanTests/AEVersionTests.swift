import Testing
@testable import UpgradePlan

@Suite("AEVersion: exactly major.minor.patch")
struct AEVersionTests {
    @Test("real AE versions parse", arguments: ["11.2.0", "12.3.0", "12.3.8", "21.0.5", "24.4.1", "24.4.4", "24.10.0"])
    func realVersions(text: String) throws {
        let version = try #require(AEVersion(text))
        #expect(version.description == text)
    }

    @Test("two or four parts, leading zeros, signs, spaces, non-ASCII digits and huge parts are refused",
        arguments: ["24.4", "24", "24.4.4.1", "24.04.1", "024.4.1", "24.4.01", "", "24..4", "24.4.x", "+24.4.1",
                    "-1.0.0", " 24.4.4", "24.4.4 ", "２４.4.4", "1234567.0.0"])
    func refused(text: String) {
        #expect(AEVersion(text) == nil)
    }

    @Test func comparesPartByPart() throws {
        #expect(try #require(AEVersion("24.10.0")) > #require(AEVersion("24.9.0")))
        #expect(try #require(AEVersion("21.0.5")) < #require(AEVersion("24.4.1")))
        #expect(AEVersion("0.0.0") == AEVersion(0, 0, 0))
    }
}
