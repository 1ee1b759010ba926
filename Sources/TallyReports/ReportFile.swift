#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads report files with plain system calls: one `open`, one `fstat`, reads straight into the
/// byte array. Over a folder of thousands of reports this is the I/O floor `tally check` runs on.
public enum ReportFile {
    /// Reads the file at `path`, refusing it before reading when its size is over
    /// ``ReportLoader/maxFileBytes`` (and while reading, should it grow).
    /// - Throws: ``ReportLoadError`` `L0904` when the file is missing, a directory or unreadable,
    ///   `L0905` when it is too large.
    public static func read(_ path: String) throws(ReportLoadError) -> [UInt8] {
        func fail(_ id: String, _ m: String) -> ReportLoadError { ReportLoadError(id: id, message: m, path: path) }
        let cap = ReportLoader.maxFileBytes
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            let e = errno
            if e == ENOENT || e == ENOTDIR { throw fail(LoadDiagnosticID.unreadableFile, "no such file") }
            if e == EISDIR { throw fail(LoadDiagnosticID.unreadableFile, "the path is a directory, not a report file") }
            throw fail(LoadDiagnosticID.unreadableFile, "the file cannot be opened for reading")
        }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw fail(LoadDiagnosticID.unreadableFile, "the file cannot be read") }
        if (info.st_mode & S_IFMT) == S_IFDIR {
            throw fail(LoadDiagnosticID.unreadableFile, "the path is a directory, not a report file")
        }
        let size = Int(info.st_size)
        if size > cap {
            throw fail(LoadDiagnosticID.fileTooLarge, "the file has \(size) bytes, more than the \(cap) a report may have")
        }
        // Read what fstat promised plus one byte, to notice a file that grew; pipes and special
        // files (size 0) are read in chunks up to the cap.
        var out: [UInt8] = []
        out.reserveCapacity(size + 1)
        var chunk = [UInt8](repeating: 0, count: size > 0 ? min(size + 1, cap + 1) : 1 << 16)
        while true {
            let n = chunk.withUnsafeMutableBytes { Glue.read(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw fail(LoadDiagnosticID.unreadableFile, "the file cannot be read")
            }
            if n == 0 { break }
            out.append(contentsOf: chunk[0..<n])
            if out.count > cap {
                throw fail(LoadDiagnosticID.fileTooLarge, "the file has more than the \(cap) bytes a report may have")
            }
        }
        return out
    }
}

/// The C library's `read`, named apart from ``ReportFile/read(_:)``.
private enum Glue {
    static func read(_ fd: Int32, _ buffer: UnsafeMutableRawPointer?, _ count: Int) -> Int {
        #if canImport(Glibc)
        Glibc.read(fd, buffer, count)
        #else
        Darwin.read(fd, buffer, count)
        #endif
    }
}
