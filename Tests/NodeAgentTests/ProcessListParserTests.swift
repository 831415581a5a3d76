import NodeAgent
import Testing

@Suite("GET_PROCESS_LIST parser: the quoted-field form and the older bare form")
struct ProcessListParserTests {
    @Test("the quoted-field form parses: running with pid and start time, stopped with or without empty fields")
    func quotedForm() throws {
        let entries = try ProcessListParser.parse(ProcessListFixtures.quoted)
        #expect(entries == ProcessListFixtures.quotedEntries.map {
            ServiceEntry(name: $0.name, running: $0.running, pid: $0.pid, started: $0.started)
        })
    }

    @Test("the older bare form still parses; CRLF and blank lines are fine")
    func bareForm() throws {
        let entries = try ProcessListParser.parse(ProcessListFixtures.bare)
        #expect(entries == [
            ServiceEntry(name: "UC4 WP1", running: true, pid: 4242, started: "2026-11-25 20:00"),
            ServiceEntry(name: "UC4 CP1", running: false),
        ])
    }

    @Test("a line in neither form is an error quoting it with its line number",
          arguments: ProcessListFixtures.unreadable)
    func unreadableLine(_ line: String) {
        #expect(throws: NodeAgentError.unparsableProcessList(line: 2, text: line)) {
            try ProcessListParser.parse("\"UC4 WP9\" \"S\"\n\(line)\n")
        }
    }
}
