/// Gives memory the process has freed back to the system.
///
/// Reading the reference data (the place list, the regency and kecamatan boundaries as GeoJSON) allocates about
/// twice what the finished indexes keep. glibc's allocator holds what was freed in its arenas, so without this a
/// server idles at about twice the memory it uses.
public enum FreedMemory {
    public static func returnToSystem() {
        #if os(Linux)
            _ = glibcMallocTrim(0)
        #endif
    }
}

#if os(Linux)
    /// glibc's `int malloc_trim(size_t pad)` (declared in `malloc.h`, which the Glibc module does not export).
    @_silgen_name("malloc_trim")
    private func glibcMallocTrim(_ pad: Int) -> Int32
#endif
