import CCrypt

/// crypt(3) from the system's libcrypt (libxcrypt), the same library Perl's `crypt` calls on Debian.
/// `crypt_rn` with its own zeroed `crypt_data` per call is thread-safe; the struct is about 32 KB, so it
/// lives on the heap and is wiped before it is freed.
enum UnixCrypt {
    /// The hash crypt(3) gives, or nil when libcrypt refuses the setting. Like Perl, both strings stop at
    /// their first NUL byte. Failure tokens (`*0`, `*1`) are turned into nil so they can never match.
    static func crypt(_ phrase: [UInt8], setting: [UInt8]) -> [UInt8]? {
        let size = MemoryLayout<crypt_data>.size
        let data = UnsafeMutableRawPointer.allocate(byteCount: size, alignment: MemoryLayout<crypt_data>.alignment)
        data.initializeMemory(as: UInt8.self, repeating: 0, count: size)
        defer {
            data.initializeMemory(as: UInt8.self, repeating: 0, count: size)
            data.deallocate()
        }
        let phraseC = cString(phrase), settingC = cString(setting)
        guard let result = crypt_rn(phraseC, settingC, data, Int32(size)) else { return nil }
        var length = 0
        while result[length] != 0 { length += 1 }
        let output = Array(UnsafeRawBufferPointer(start: result, count: length))
        return output.first == UInt8(ascii: "*") ? nil : output
    }

    private static func cString(_ bytes: [UInt8]) -> [CChar] {
        bytes.prefix { $0 != 0 }.map { CChar(bitPattern: $0) } + [0]
    }
}
