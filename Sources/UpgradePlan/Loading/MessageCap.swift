/// Caps what error messages quote, so a huge or hostile input cannot make a huge message: a value is quoted up to
/// 80 characters, a list names at most 10 items, and one problem's message is at most 1,000 characters.
enum MessageCap {
    /// Most characters of one quoted value.
    static let valueLength = 80
    /// Most names listed.
    static let names = 10
    /// Most characters of one problem's message (a backstop for messages built from several values).
    static let messageLength = 1_000

    /// `text` as it is when short, else its first 80 characters and `… (N characters)`.
    static func value(_ text: String) -> String {
        cut(text, at: valueLength)
    }

    /// The first 10 of `names` joined by ", ", then `… and N more` when there are more.
    static func list(_ names: some Collection<String>, separator: String = ", ") -> String {
        let shown = names.prefix(Self.names).map(value).joined(separator: separator)
        return names.count > Self.names ? "\(shown)\(separator)… and \(names.count - Self.names) more" : shown
    }

    /// A problem's message, cut to 1,000 characters.
    static func message(_ text: String) -> String {
        cut(text, at: messageLength)
    }

    private static func cut(_ text: String, at length: Int) -> String {
        guard text.utf8.count > length else { return text }  // fast path: UTF-8 length bounds the character count
        var count = 0
        var end = text.startIndex
        while end < text.endIndex, count < length {
            end = text.index(after: end)
            count += 1
        }
        guard end < text.endIndex else { return text }
        return "\(text[..<end])… (\(text.count) characters)"
    }
}
