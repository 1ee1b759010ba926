import TallyCommandLine
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

#if canImport(Glibc)
// glibc hands freed memory at the top of a heap back to the system as soon as more than the
// top pad (128 KiB) is free, and takes it again on the next allocations: one `tally check` of a
// report made about 700 mprotect calls that way, a few milliseconds of a 30 ms process. Keeping
// 16 MiB at the top of each heap leaves about a dozen; memory not touched is not resident.
// (`mallopt` is declared in <malloc.h>, which the Glibc module does not import.)
if let f = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "mallopt") {   // RTLD_DEFAULT
    typealias Mallopt = @convention(c) (Int32, Int32) -> Int32
    let M_TOP_PAD: Int32 = -2
    _ = unsafeBitCast(f, to: Mallopt.self)(M_TOP_PAD, 16 << 20)
}
#endif

exit(TallyMain.run(Array(CommandLine.arguments.dropFirst())))
