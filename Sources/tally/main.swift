import TallyCommandLine
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

exit(TallyMain.run(Array(CommandLine.arguments.dropFirst())))
