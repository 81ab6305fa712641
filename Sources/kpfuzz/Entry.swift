import Foundation
import KPCapture
import KPFuzzTargets

// kpfuzz: the fuzz targets of FuzzTargets. Built with `-sanitize=fuzzer -DFUZZING`
// (make fuzz) it hands them to libFuzzer's driver; otherwise it replays inputs.
// KPFUZZ_TARGET names the target.

let targetName = ProcessInfo.processInfo.environment["KPFUZZ_TARGET"] ?? ""

func usage() -> Never {
    FileHandle.standardError.write(Data("""
        usage: KPFUZZ_TARGET=NAME kpfuzz [libFuzzer options | FILE...]
               kpfuzz --seeds DIR CAPTURE...   (seed corpora for every target)
        targets: \(FuzzTargets.all.keys.sorted().joined(separator: " "))

        """.utf8))
    exit(2)
}

#if FUZZING
/// libFuzzer's entry for programs that keep their own main (LLVM 11 and later).
@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(_ argc: UnsafeMutablePointer<CInt>,
                         _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
                         _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt) -> CInt

let fuzzTarget: (UnsafeRawBufferPointer) -> Void = FuzzTargets.all[targetName] ?? { _ in usage() }
#endif

@main
struct KPFuzz {
    static func main() throws {
        // As in kpcensus: a capture cut while mapped ends the file; any other SIGBUS
        // goes on to the handler before it (libFuzzer's, when fuzzing).
        MappingFaultGuard.install()
        let args = Array(CommandLine.arguments.dropFirst())
        if args.first == "--seeds" {
            guard args.count >= 3 else { usage() }
            let dir = URL(fileURLWithPath: args[1])
            for capture in args.dropFirst(2) { try FuzzTargets.seeds(from: capture, into: dir) }
            return
        }
        guard let target = FuzzTargets.all[targetName] else { usage() }
        #if FUZZING
        _ = target
        var argc = CommandLine.argc
        var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
        exit(LLVMFuzzerRunDriver(&argc, &argv) { data, size in
            fuzzTarget(UnsafeRawBufferPointer(start: data, count: size))
            return 0
        })
        #else
        guard !args.isEmpty else { usage() }
        for path in args {
            let data = try Data(contentsOf: URL(fileURLWithPath: path))
            data.withUnsafeBytes { target($0) }
        }
        print("replayed \(args.count) input(s) through \(targetName)")
        #endif
    }
}
