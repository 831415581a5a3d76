extension FakeNode {
    /// The fake `ucybsmcl`: GET_PROCESS_LIST prints one quoted-field line per service (`"<service>" "R" "<pid>"
    /// "<start>" "<runtime>" "<cpu>"`, or `"<service>" "S" "" "" "" ""`), plus `extra` if present; START_PROCESS /
    /// STOP_PROCESS change the state file. A wrong phrase or password exits 4; `-m S` (system shutdown) exits 9.
    public static func script(state: String, extra: String, phrase: String, password: String, log: String) -> String {
        """
        #!/bin/sh
        cmd=""; phr=""; pwd=""; svc=""; mode=""
        while [ $# -gt 0 ]; do
          case "$1" in
            -c) cmd="$2"; shift 2;; -h) shift 2;; -n) phr="$2"; shift 2;; -p) pwd="$2"; shift 2;;
            -s) svc="$2"; shift 2;; -m) mode="$2"; shift 2;;
            *) echo "unknown argument $1" >&2; exit 2;;
          esac
        done
        if [ "$phr" != "\(phrase)" ] || [ "$pwd" != "\(password)" ]; then
          echo "ServiceManager refused the phrase or password" >&2; exit 4
        fi
        if [ "$mode" = S ]; then echo "mode S shuts the whole system down" >&2; exit 9; fi
        echo "$cmd $svc${mode:+ -m $mode}" >> "\(log)"
        case "$cmd" in
          GET_PROCESS_LIST)
            while IFS='|' read -r name st; do
              if [ "$st" = R ]; then
                echo "\\"$name\\" \\"R\\" \\"4242\\" \\"2026-11-25 20:00\\" \\"00:10\\" \\"00:00:01\\""
              else
                echo "\\"$name\\" \\"S\\" \\"\\" \\"\\" \\"\\" \\"\\""
              fi
            done < "\(state)"
            [ -f "\(extra)" ] && cat "\(extra)"
            exit 0;;
          START_PROCESS|STOP_PROCESS)
            if ! grep -q "^$svc|" "\(state)"; then echo "no service $svc" >&2; exit 3; fi
            if [ "$cmd" = START_PROCESS ]; then new=R; else new=S; fi
            sed "s/^$svc|.*/$svc|$new/" "\(state)" > "\(state).tmp" && mv "\(state).tmp" "\(state)"
            exit 0;;
        esac
        echo "unknown command $cmd" >&2; exit 2
        """
    }

    /// A `binariesStage` command: `<script> <root> <version>` puts a fake server binary of the version into
    /// `<root>/<version>/`, the target's own directory.
    public static let stageScript = #"""
        #!/bin/sh
        set -e
        root="$1"; v="$2"
        mkdir -p "$root/.$v.partial"; echo "AE server $v" > "$root/.$v.partial/ucsrvwp"
        mv "$root/.$v.partial" "$root/$v"
        """#

    /// A script that packs a fake server binary of a version into `<archives>/<version>.tar.gz` with its `.sha256`:
    /// `<script> <archives> <version>`, what a site delivers for the default `binaries/stage`.
    public static let archiveScript = #"""
        #!/bin/sh
        set -e
        dir="$1"; v="$2"; tmp="$dir/../pack-$v"
        mkdir -p "$tmp"; echo "AE server $v" > "$tmp/ucsrvwp"
        tar -czf "$dir/$v.tar.gz" -C "$tmp" .
        sha256sum "$dir/$v.tar.gz" > "$dir/$v.tar.gz.sha256"
        """#
}
