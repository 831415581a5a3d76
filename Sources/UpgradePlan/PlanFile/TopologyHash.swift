/// The fingerprint of a topology: SHA-256 of its compact canonical JSON.
///
/// A saved plan carries the hash of the topology it was made from, so a plan made for another farm (or before the
/// farm changed) is recognised. Key order and whitespace cannot change the hash; any value change does.
public enum TopologyHash {
    /// 64 lowercase hex digits.
    public static func of(_ topology: Topology) -> String {
        SHA256.hex(CanonicalJSON.value(topology).compact)
    }
}
