/// Caps what an error message quotes, so a huge value or list in a file cannot make a huge message.
enum Capped {
    /// Characters of one quoted value.
    static let textLimit = 80
    /// Names of one listed set.
    static let listLimit = 10

    /// `text`, cut to `textLimit` characters with `...` when longer.
    static func text(_ text: String) -> String {
        text.count <= textLimit ? text : String(text.prefix(textLimit)) + "..."
    }

    /// At most `listLimit` names, comma-separated, with how many more there are.
    static func list(_ names: [String]) -> String {
        let shown = names.prefix(listLimit).map(text).joined(separator: ", ")
        return names.count > listLimit ? "\(shown) and \(names.count - listLimit) more" : shown
    }
}
