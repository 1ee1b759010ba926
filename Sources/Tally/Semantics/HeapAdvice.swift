#if canImport(Glibc)
import Glibc
#endif

/// Advice to the kernel on the memory a thread allocates from.
///
/// A `tally check` process builds about 120,000 nodes (some 40 MB) and a report loader in a
/// few tens of milliseconds: touched page by page, that memory cost about 13,000 page faults,
/// each costly in a virtual machine (the process spent as long in the kernel as in its own
/// code). glibc gives each thread but the first an arena of its own: a heap reserved as 64 MiB
/// aligned to its size, made usable as it grows. Advising the kernel to back that heap with
/// huge pages (`MADV_HUGEPAGE`, as glibc's own `glibc.malloc.hugetlb=1` tunable does, which a
/// process cannot set for itself once started) makes those faults about 2 MB each instead of
/// 4 KB. A kernel that refuses the advice (or has transparent huge pages off) only costs the
/// faults, as before.
public enum HeapAdvice {
    /// The size and alignment of a glibc arena's heap on 64-bit Linux (`HEAP_MAX_SIZE`).
    static let heapSize = 64 << 20

    /// Advises huge pages for the heap of the calling thread's arena, when it is one of the
    /// reserved heaps above (not the first arena, which grows the program break).
    public static func hugePagesForThisThread() {
        #if os(Linux) && canImport(Glibc)
        guard let p = malloc(64) else { return }
        defer { free(p) }
        let address = UInt(bitPattern: p), brk = UInt(bitPattern: sbrk(0))
        // The first arena lies below the program break; the others are mapped far above it.
        guard brk != UInt.max, address > brk &+ UInt(heapSize) else { return }
        let base = address & ~UInt(heapSize - 1)
        _ = madvise(UnsafeMutableRawPointer(bitPattern: base), heapSize, 14)  // MADV_HUGEPAGE
        #endif
    }
}
