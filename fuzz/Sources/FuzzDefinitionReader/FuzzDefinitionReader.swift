import CLibXML2
import SysConfig

/// libFuzzer entry: the input is one SysConfig XML definition file (libxml2 reads it underneath).
/// A thrown ConfigIssue is fine; a crash, a hang or a blown memory limit is a finding.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    _ = quietLibXML2
    let bytes = [UInt8](UnsafeRawBufferPointer(start: start, count: count))
    do {
        let file = try DefinitionReader.read(bytes: bytes, displayName: "Kernel/Config/Files/XML/Fuzz.xml")
        _ = file.settings.count
    } catch {
        _ = error.description
    }
    return 0
}

/// libxml2 prints every parse error to stderr, which would flood the fuzzer's output and slow it down.
/// A do-nothing handler only stops the printing: libxml2 still records the error the reader reports.
let quietLibXML2: Void = xmlSetStructuredErrorFunc(nil) { _, _ in }
