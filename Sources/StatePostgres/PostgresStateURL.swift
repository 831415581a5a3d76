import Foundation

/// A `--state postgres://user@host:port/db` URL, with the password from a file or the standard PostgreSQL variables
/// (`PGPASSWORD`, `PGPASSFILE`, `~/.pgpass`), never from the command line.
public struct PostgresStateURL: Sendable, Equatable, CustomStringConvertible {
    /// Database user.
    public var user: String
    /// Host name or address.
    public var host: String
    /// TCP port (5432 when the URL names none).
    public var port: Int
    /// Database name (the user's name when the URL names none).
    public var database: String
    /// The password, when one was found.
    public var password: String?
    /// `sslmode` from the URL's query: disable (default), prefer or require.
    public var sslMode: String

    /// What was wrong with a URL or a password source.
    public struct Invalid: Error, Sendable, CustomStringConvertible {
        public var description: String
    }

    /// Whether `text` names a PostgreSQL state (`postgres://` or `postgresql://`).
    public static func isPostgres(_ text: String) -> Bool {
        text.hasPrefix("postgres://") || text.hasPrefix("postgresql://")
    }

    /// Parses `text`; the password comes from `passwordFile` when given, else `environment`'s PGPASSWORD, else the
    /// password file PGPASSFILE (default ~/.pgpass). A password inside the URL is refused: it would show in `ps`.
    public init(
        _ text: String, passwordFile: String? = nil,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(Invalid) {
        guard Self.isPostgres(text), let components = URLComponents(string: text), let host = components.host,
            !host.isEmpty
        else {
            throw Invalid(description: "--state \(text): not a PostgreSQL URL (postgres://user@host:port/database)")
        }
        guard components.password == nil else {
            throw Invalid(description: "--state: the URL holds a password, which every user of this machine can read "
                + "in the process list; put it in a file (--state-password-file) or PGPASSWORD / ~/.pgpass")
        }
        user = components.user ?? environment["PGUSER"] ?? environment["USER"] ?? "postgres"
        self.host = host
        port = components.port ?? 5432
        let path = components.path.hasPrefix("/") ? String(components.path.dropFirst()) : components.path
        database = path.isEmpty ? user : path
        sslMode = components.queryItems?.first { $0.name == "sslmode" }?.value ?? "disable"
        guard ["disable", "prefer", "require"].contains(sslMode) else {
            throw Invalid(description: "--state \(text): sslmode=\(sslMode) is not one of disable, prefer, require")
        }
        if let passwordFile {
            guard let secret = try? String(contentsOfFile: passwordFile, encoding: .utf8) else {
                throw Invalid(description: "--state-password-file \(passwordFile): cannot read the file")
            }
            password = secret.trimmingCharacters(in: .newlines)
        } else if let secret = environment["PGPASSWORD"] {
            password = secret
        } else {
            let file = environment["PGPASSFILE"] ?? ((environment["HOME"] ?? NSHomeDirectory()) + "/.pgpass")
            password = Self.pgpass(file: file, host: host, port: port, database: database, user: user)
        }
    }

    /// The URL without password, for messages and status.
    public var description: String {
        "postgres://\(user)@\(host):\(port)/\(database)"
    }

    /// The first matching line of a pgpass file (`host:port:database:user:password`, `*` matches anything).
    static func pgpass(file: String, host: String, port: Int, database: String, user: String) -> String? {
        guard let text = try? String(contentsOfFile: file, encoding: .utf8) else { return nil }
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            var fields: [String] = []
            var current = ""
            var escaped = false
            for character in line {
                if escaped { current.append(character); escaped = false; continue }
                if character == "\\" { escaped = true; continue }
                if character == ":" && fields.count < 4 { fields.append(current); current = ""; continue }
                current.append(character)
            }
            fields.append(current)
            guard fields.count == 5 else { continue }
            let wanted = [host, String(port), database, user]
            if zip(fields.prefix(4), wanted).allSatisfy({ $0 == "*" || $0 == $1 }) { return fields[4] }
        }
        return nil
    }
}
