// Times our readers on the Znuny fixtures in-process, like the perl side of bench/sysconfig.sh:
//   sysconfig-bench perl FILE ROUNDS   read a Perl config file ROUNDS times
//   sysconfig-bench xml HOME ROUNDS    load HOME's definition files ROUNDS times
// Prints one line per round in milliseconds, then the median.
import Foundation
import SysConfig

let arguments = CommandLine.arguments
guard arguments.count == 4, let rounds = Int(arguments[3]), rounds > 0 else {
    print("usage: sysconfig-bench perl|xml PATH ROUNDS")
    exit(2)
}
var times: [Double] = []
var keys = 0
for _ in 0..<rounds {
    let start = ContinuousClock.now
    switch arguments[1] {
    case "perl":
        keys = try PerlConfigReader.read(file: arguments[2], displayName: arguments[2]).count
    case "xml":
        keys = try ConfigLoader(home: arguments[2]).load().values.count
    default:
        print("unknown mode \(arguments[1])")
        exit(2)
    }
    let elapsed = ContinuousClock.now - start
    times.append(Double(elapsed.components.attoseconds) / 1e15 + Double(elapsed.components.seconds) * 1000)
}
let sorted = times.sorted()
print("ours (\(arguments[1])): \(keys) keys, median \(String(format: "%.2f", sorted[sorted.count / 2])) ms, "
    + "min \(String(format: "%.2f", sorted[0])) ms over \(rounds) rounds")
