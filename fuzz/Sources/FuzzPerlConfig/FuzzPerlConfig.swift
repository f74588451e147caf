import SysConfig

/// libFuzzer entry: the input is one Perl config file. A thrown ConfigIssue is the reader saying no;
/// only a crash, a hang or a blown memory limit is a finding.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let bytes = [UInt8](UnsafeRawBufferPointer(start: start, count: count))
    do {
        _ = try PerlConfigReader.read(bytes: bytes, displayName: "Kernel/Config/Files/Fuzz.pm")
    } catch {
        _ = error.description
    }
    return 0
}
